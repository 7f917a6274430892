import type { ScanError, ScanStatus } from "@/lib/schemas/scan";
import type { ScanHolder, ScanPatch, Store } from "@/lib/store/types";
import type { EventHub } from "./event-hub";

export type FinalScanStatus = Exclude<ScanStatus, "queued" | "running">;

export interface ScanEnding {
  status: FinalScanStatus;
  error: ScanError | null;
  /** The closing line of the scan's stream; the error's message when there is one. */
  message?: string;
}

/** The pair every scan's stream ends with: what happened, then DONE ("complete" or "error"). */
export function closingEvents(ending: ScanEnding) {
  const { status } = ending;
  const level = status === "complete" ? "SUCCESS" : status === "cancelled" ? "WARNING" : "ERROR";
  return [
    { agent: "system", level, msg: ending.message ?? ending.error?.message ?? status, phase: status },
    { agent: "system", level: "DONE", msg: status === "complete" ? "complete" : "error", phase: status },
  ] as const;
}

/**
 * The one way a scan ends: the store's row first (so a client that sees DONE and asks for the
 * results finds them), then the closing events, then the scan's live channel closes. `stored`
 * when a store operation has already moved the row (a queued scan cancelled, scans a dead
 * process left running): only the events remain to be written. `holder`: the row is written
 * only while this worker still holds that attempt; when another worker has taken the scan over,
 * nothing is written (no row, no closing events) and this returns false.
 */
export async function finishScan(
  deps: { store: Store; hub: EventHub },
  scanId: string,
  ending: ScanEnding,
  options: { patch?: ScanPatch; stored?: boolean; holder?: ScanHolder } = {},
): Promise<boolean> {
  if (!options.stored) {
    const patch = { ...options.patch, status: ending.status, error: ending.error, phase: ending.status, finishedAt: new Date() };
    if (!(await deps.store.updateScan(scanId, patch, options.holder))) {
      await deps.hub.abandon(scanId);
      return false;
    }
  }
  await deps.hub.append(scanId, [...closingEvents(ending)]);
  await deps.hub.close(scanId);
  return true;
}

/**
 * Why the worker stopped a scan it was running. `taken_over`: the store says another worker (or a
 * later attempt) holds the scan now, because this one missed its heartbeats: stop, write nothing.
 */
export type AbortReason = "cancelled" | "timeout" | "shutdown" | "taken_over";

/**
 * How a scan that ran here ended, from what the engine reported and why (if at all) the worker
 * stopped it: a stop by the worker wins over the engine's own account of an unfinished scan.
 */
export function decideEnding(
  outcome: { status: "complete" | "error" | "cancelled"; error: ScanError | null },
  stoppedBecause: AbortReason | null,
  timeoutSeconds: number,
): ScanEnding {
  if (outcome.status !== "complete") {
    if (stoppedBecause === "shutdown") return { status: "interrupted", error: { code: "shutdown", message: "The server shut down while this scan was running." } };
    if (stoppedBecause === "timeout") return { status: "error", error: { code: "timeout", message: `The scan exceeded APO_SCAN_TIMEOUT (${timeoutSeconds} s).` } };
    if (stoppedBecause === "cancelled") return { status: "cancelled", error: { code: "cancelled", message: "Cancelled by the user." } };
  }
  if (outcome.status === "error") return { status: "error", error: outcome.error ?? { code: "engine_error", message: "The scan failed." } };
  return { status: outcome.status, error: outcome.error };
}
