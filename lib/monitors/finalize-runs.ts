import { createHash } from "node:crypto";
import { describeError, log } from "@/lib/log";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import type { MonitorRunRecord, Store } from "@/lib/store/types";
import { shouldDeliver } from "./alert-policy";
import { diffReports } from "./diff-reports";
import { reportUrlFor } from "./report-url";
import { buildRunPayload } from "./webhook-payload";

/** Long enough for a diff of two large reports; a finalizer that died is replaced after it. */
const FINALIZE_LEASE_SECONDS = 120;
const BATCH = 10;

/**
 * Finalizes ended monitor runs, whichever container ran them: the diff against the previous good
 * run, computed from the stored reports (so it survives restarts and works across containers),
 * then the webhook queued (when the monitor's alert_on wants it), then the run marked final.
 * A run that did not complete is finalized without a diff: its scan's error says why, and the
 * next good run is still compared with the last good one. Returns how many runs it finalized.
 */
export async function finalizeEndedRuns(store: Store): Promise<number> {
  const runs = await store.claimRunsToFinalize(BATCH, FINALIZE_LEASE_SECONDS);
  let done = 0;
  for (const run of runs) {
    try {
      await finalizeRun(store, run);
      done += 1;
    } catch (err) {
      // The claim's lease runs out and this or another container tries again.
      log.error("finalizing a monitor run failed", { scan_id: run.scanId, monitor_id: run.monitorId, error: describeError(err) });
    }
  }
  return done;
}

async function finalizeRun(store: Store, run: MonitorRunRecord): Promise<void> {
  const report = run.scan.status === "complete" ? await storedReport(store, run.scanId) : null;
  if (!report) {
    await store.finalizeMonitorRun(run.scanId, { baseScanId: null, diff: null });
    return;
  }
  const baseScanId = await store.previousGoodRun(run.monitorId, run.scanId);
  const baseReport = baseScanId ? await storedReport(store, baseScanId) : null;
  const diff = diffReports(baseScanId && baseReport ? { scanId: baseScanId, report: baseReport } : null, report);

  const monitor = await store.getMonitor(run.monitorId);
  if (monitor?.webhookUrl && shouldDeliver(monitor.alertOn, diff)) {
    // One id per run: a finalizer that dies after queuing and is replaced queues the same delivery.
    const deliveryId = deliveryIdFor(run.scanId);
    const payload = buildRunPayload({
      deliveryId,
      monitor: { id: monitor.id, name: monitor.name, url: monitor.url },
      scanId: run.scanId,
      diff,
      score: report.compliance_score.score,
      reportUrl: reportUrlFor(run.scanId),
    });
    await store.enqueueDelivery({ id: deliveryId, monitorId: monitor.id, scanId: run.scanId, eventType: payload.type, payload: JSON.stringify(payload) });
  }
  await store.finalizeMonitorRun(run.scanId, { baseScanId: diff.base_scan_id, diff });
}

async function storedReport(store: Store, scanId: string): Promise<EvidenceReport | null> {
  const parsed = EvidenceReportSchema.safeParse(await store.getReport(scanId));
  return parsed.success ? parsed.data : null;
}

/** A UUID derived from the run's scan id (version 5 style: name-based, SHA-based). */
export function deliveryIdFor(scanId: string): string {
  const hex = createHash("sha256").update(`apo/monitor.run.completed/${scanId}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
