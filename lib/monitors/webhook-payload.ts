import type { MonitorDiff, WebhookPayload } from "@/lib/schemas/monitor";
import { runCompletedText, testEventText } from "./webhook-text";

export interface PayloadMonitor {
  id: string;
  name: string;
  url: string;
}

export interface RunPayloadInput {
  deliveryId: string;
  monitor: PayloadMonitor;
  scanId: string;
  diff: MonitorDiff;
  score: number | null;
  reportUrl: string | null;
  createdAt?: Date;
}

/** The `monitor.run.completed` event of one finalized run. */
export function buildRunPayload({ deliveryId, monitor, scanId, diff, score, reportUrl, createdAt = new Date() }: RunPayloadInput): WebhookPayload {
  return {
    type: "monitor.run.completed",
    delivery_id: deliveryId,
    monitor_id: monitor.id,
    scan_id: scanId,
    url: monitor.url,
    changed: diff.changed,
    new_violations: diff.new,
    fixed_violations: diff.fixed,
    verdict_changes: diff.verdict_changes,
    score,
    report_url: reportUrl,
    text: runCompletedText({ site: monitor, diff, score, reportUrl }),
    created_at: createdAt.toISOString(),
  };
}

/** `monitor.test`: the shape of a real event with nothing in it, so a receiver can be wired up before any run. */
export function buildTestPayload({ deliveryId, monitor, createdAt = new Date() }: { deliveryId: string; monitor: PayloadMonitor; createdAt?: Date }): WebhookPayload {
  return {
    type: "monitor.test",
    delivery_id: deliveryId,
    monitor_id: monitor.id,
    scan_id: null,
    url: monitor.url,
    changed: false,
    new_violations: [],
    fixed_violations: [],
    verdict_changes: [],
    score: null,
    report_url: null,
    text: testEventText(monitor),
    created_at: createdAt.toISOString(),
  };
}
