import "server-only";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import type { MonitorRun } from "@/lib/schemas/monitor";
import { getScanService } from "@/lib/scans/queue/service";
import { toMonitorRunView } from "../monitor-request";
import { findMonitorOrThrow } from "./find-monitor";

export const MonitorRunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The monitor's runs, newest first, each with its diff once finalized and its error if it failed. */
export async function listMonitorRuns(principal: Principal, monitorId: string, limit: number): Promise<{ runs: MonitorRun[] }> {
  const monitor = await findMonitorOrThrow(principal, monitorId);
  const { store } = await getScanService();
  return { runs: (await store.listMonitorRuns(monitor.id, limit)).map(toMonitorRunView) };
}
