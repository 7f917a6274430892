import "server-only";
import { notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { log } from "@/lib/log";
import { getScanService } from "@/lib/scans/queue/service";
import { findMonitorOrThrow } from "./find-monitor";

/**
 * Deletes the monitor with its run links and delivery log. A run in progress is cancelled (a
 * deleted monitor stops scanning); the runs' scans stay in the owner's scan history.
 */
export async function deleteMonitor(principal: Principal, monitorId: string): Promise<void> {
  const monitor = await findMonitorOrThrow(principal, monitorId);
  const { store, worker } = await getScanService();
  const active = monitor.activeScanId ? await store.getScan(monitor.activeScanId, principal.id) : null;
  if (active && (active.status === "queued" || active.status === "running")) await worker.cancel(active);
  if (!(await store.deleteMonitor(monitor.id, principal.id))) throw notFound("Monitor");
  log.info("monitor deleted", { monitor_id: monitor.id, owner: principal.id });
}
