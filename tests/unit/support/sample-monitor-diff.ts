import { MonitorDiffSchema, type MonitorDiff } from "@/lib/schemas/monitor";

/** A run that changed nothing against the previous good run (70 → 70), with `over` laid on top; checked by the schema. */
export function sampleMonitorDiff(over: Partial<MonitorDiff> = {}): MonitorDiff {
  return MonitorDiffSchema.parse({
    base_scan_id: "00000000-0000-4000-8000-000000000001",
    changed: false,
    new: [],
    fixed: [],
    unchanged: [],
    trackers: [],
    verdict_changes: [],
    policy: { changed: false, url_before: null, url_after: null, sha256_before: null, sha256_after: null, diff: [], diff_truncated: false },
    score_before: 70,
    score_after: 70,
    ...over,
  });
}
