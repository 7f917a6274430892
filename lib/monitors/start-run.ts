import { randomUUID } from "node:crypto";
import { log } from "@/lib/log";
import type { ScanWorker } from "@/lib/scans/queue/scan-worker";
import type { MonitorRecord, MonitorRunTrigger, ScanRecord, Store } from "@/lib/store/types";
import { monitorScanRequest, storedScanRequest } from "./monitor-request";

export interface RunDeps {
  store: Store;
  worker: Pick<ScanWorker, "kick">;
}

/**
 * Starts one run of the monitor as an ordinary queued scan of its owner: not pinned to a worker
 * (a monitor holds no LLM key; with use_llm the worker gives the run the server's keys only where
 * APO_SERVER_LLM_KEYS_FOR allows the owner, as for any scan). Null when the store refuses:
 * a run of this monitor is in progress, or (scheduled) another container started it first.
 */
export async function startRun(deps: RunDeps, monitor: MonitorRecord, trigger: MonitorRunTrigger): Promise<ScanRecord | null> {
  const request = monitorScanRequest(monitor.url, monitor.request);
  const scan = await deps.store.startMonitorRun(
    monitor.id,
    {
      id: randomUUID(),
      owner: monitor.owner,
      url: request.url,
      framework: request.framework,
      request: storedScanRequest(request),
      workerId: null,
      pinned: false,
      firstEvent: { agent: "system", level: "INFO", msg: `Scan queued (monitor ${monitor.name}, ${trigger === "manual" ? "run now" : "scheduled"}): ${request.url}`, phase: "queued" },
    },
    trigger,
  );
  if (!scan) return null;
  log.info("monitor run queued", { monitor_id: monitor.id, scan_id: scan.id, owner: monitor.owner, trigger });
  deps.worker.kick();
  return scan;
}
