import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { Monitor } from "@/lib/schemas/monitor";
import { getScanService } from "@/lib/scans/queue/service";
import { findMonitorOrThrow, monitorView } from "./find-monitor";

/** The caller's monitors, newest first, each with its last run and trend. */
export async function listMonitors(principal: Principal): Promise<{ monitors: Monitor[] }> {
  const { store } = await getScanService();
  const monitors = await store.listMonitors(principal.id);
  return { monitors: await Promise.all(monitors.map((m) => monitorView(store, m))) };
}

export async function getMonitor(principal: Principal, monitorId: string): Promise<Monitor> {
  const monitor = await findMonitorOrThrow(principal, monitorId);
  const { store } = await getScanService();
  return monitorView(store, monitor);
}
