import "server-only";
import type { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { getEnv } from "@/lib/env";
import type { MonitorRunStartedSchema } from "@/lib/schemas/monitor";
import { getScanService } from "@/lib/scans/queue/service";
import { startRun } from "../start-run";
import { findMonitorOrThrow } from "./find-monitor";

/**
 * "Run now": a manual run, paused monitors included. It is the caller's own scan, so it counts
 * against APO_MAX_ACTIVE_SCANS_PER_OWNER like POST /api/scan; runs of one monitor never overlap.
 */
export async function runMonitorNow(principal: Principal, monitorId: string): Promise<z.infer<typeof MonitorRunStartedSchema>> {
  const monitor = await findMonitorOrThrow(principal, monitorId);
  const service = await getScanService();
  if (!service.worker.isAccepting()) throw new ApiError("service_unavailable", "The server is shutting down; retry on another instance");
  const maxActive = getEnv().APO_MAX_ACTIVE_SCANS_PER_OWNER;
  const active = await service.store.activeScans(principal.id);
  if (active >= maxActive) {
    throw new ApiError("too_many_active_scans", `Too many active scans: ${active} of yours are queued or running (at most ${maxActive}). Wait for one to finish, or cancel one.`);
  }
  const scan = await startRun(service, monitor, "manual");
  if (!scan) throw new ApiError("conflict", "a run of this monitor is in progress");
  return { scan_id: scan.id, monitor_id: monitor.id, status: scan.status, stream_url: `/api/stream/${scan.id}` };
}
