import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { Monitor } from "@/lib/schemas/monitor";
import type { MonitorRecord, Store } from "@/lib/store/types";
import { getScanService } from "@/lib/scans/queue/service";
import { TREND_RUNS, toMonitorView } from "../monitor-request";
import { ownedMonitorOrThrow } from "./owned-monitor";

/** The caller's monitor or 404: someone else's monitor and a malformed id look exactly like a missing one. */
export async function findMonitorOrThrow(principal: Principal, monitorId: string): Promise<MonitorRecord> {
  const { store } = await getScanService();
  return ownedMonitorOrThrow(store, principal, monitorId);
}

/** The API's view, with the last run and the trend (twice the trend's runs, so failed runs leave enough completed ones). */
export async function monitorView(store: Store, monitor: MonitorRecord): Promise<Monitor> {
  return toMonitorView(monitor, await store.listMonitorRuns(monitor.id, TREND_RUNS * 2));
}
