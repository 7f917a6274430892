import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { formatZodError } from "@/lib/api/errors";
import {
  assertIntervalFloor,
  monitorScanRequest,
  parseMonitorCreate,
  parseMonitorPatch,
  patchedMonitorRequest,
  storedMonitorRequest,
  storedScanRequest,
  toMonitorRunView,
  toMonitorView,
} from "@/lib/monitors/monitor-request";
import { scheduledRunSlots } from "@/lib/monitors/scheduler";
import { MonitorRunSchema, MonitorSchema } from "@/lib/schemas/monitor";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import type { MonitorRecord, MonitorRunRecord, ScanRecord } from "@/lib/store/types";
import { sampleMonitorDiff } from "@/tests/unit/support/sample-monitor-diff";

// The pure half of monitors: what a monitor stores, the ordinary scan each run is, the floor on
// the interval and the API views.

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
};

describe("the stored request and the run's scan request", () => {
  it("stores the scan settings without url or keys, and each run is a valid ScanRequest", () => {
    const create = parseMonitorCreate({ url: "shop.example/path#frag", framework: "GDPR", frameworks: ["GDPR", "CCPA"], crawl_depth: 3, max_pages: 7, interval_minutes: 90, use_llm: true });
    const stored = storedMonitorRequest(create);
    expect(stored).toEqual({ framework: "GDPR", frameworks: ["GDPR", "CCPA"], crawl_depth: 3, max_pages: 7, use_llm: true });
    const request = monitorScanRequest(create.url, stored);
    expect(request.url).toBe("https://shop.example/path");
    expect(request).toMatchObject({ framework: "GDPR", frameworks: ["GDPR", "CCPA"], crawl_depth: 3, max_pages: 7, use_llm: true });
    expect(request.claude_key).toBeUndefined();
    expect(request.openai_key).toBeUndefined();
    expect(ScanRequestSchema.safeParse(request).success).toBe(true);
    // As createScan stores it: the effective region filled in, no key fields at all.
    const row = storedScanRequest(request);
    expect(row.region).toBe("eu");
    expect(Object.keys(row)).not.toContain("claude_key");
  });

  it("a frameworks list without framework makes its first entry the primary, as the scan API does", () => {
    const create = parseMonitorCreate({ url: "https://shop.example/", frameworks: ["LGPD"], interval_minutes: 60 });
    expect(create.framework).toBe("LGPD");
    expect(parseMonitorCreate({ url: "https://shop.example/", interval_minutes: 60 }).framework).toBe("CCPA");
  });

  it("a run request that is not a valid scan names the field", () => {
    const err = errorOf(() => monitorScanRequest("https://shop.example/", { framework: "GDPR", frameworks: ["GDPR", "GDPR"], crawl_depth: 1, use_llm: false }));
    expect(err).toBeInstanceOf(ZodError);
    expect(formatZodError(err as ZodError)).toMatch(/^frameworks\.1: GDPR is listed more than once/);
  });

  it("create and patch bodies reject unknown fields and name bad ones", () => {
    expect(formatZodError(errorOf(() => parseMonitorCreate({ url: "https://a.example/", interval_minutes: 60, claude_key: "sk" })) as ZodError)).toMatch(/unknown field\(s\) claude_key/);
    expect(formatZodError(errorOf(() => parseMonitorCreate({ url: "ftp://a.example/", interval_minutes: 60 })) as ZodError)).toMatch(/^url: url must use http or https/);
    expect(formatZodError(errorOf(() => parseMonitorPatch({ alert_on: "sometimes" })) as ZodError)).toMatch(/^alert_on: /);
  });

  it("a patch changes only the fields it names; max_pages null returns to the default budget", () => {
    const stored = { framework: "GDPR", crawl_depth: 2, max_pages: 9, use_llm: false };
    expect(patchedMonitorRequest(stored, parseMonitorPatch({ crawl_depth: 4 }))).toEqual({ ...stored, crawl_depth: 4 });
    expect(patchedMonitorRequest(stored, parseMonitorPatch({ max_pages: null, region: "de" }))).toEqual({ framework: "GDPR", crawl_depth: 2, use_llm: false, region: "de" });
    expect(patchedMonitorRequest(stored, parseMonitorPatch({ enabled: false, name: "x" }))).toEqual(stored);
  });
});

describe("the interval floor", () => {
  it("is a 400 validation_error naming interval_minutes below the floor, and nothing at or above it", () => {
    const err = errorOf(() => assertIntervalFloor(59, 60)) as { code: string; message: string };
    expect(err.code).toBe("validation_error");
    expect(err.message).toMatch(/^interval_minutes: must be at least 60 minutes on this server/);
    expect(errorOf(() => assertIntervalFloor(60, 60))).toBeNull();
    expect(errorOf(() => assertIntervalFloor(1, 1))).toBeNull();
  });
});

describe("scheduled runs and the per-owner cap", () => {
  it("leave one slot for the owner's own scans when the cap allows it", () => {
    expect(scheduledRunSlots(3)).toBe(2);
    expect(scheduledRunSlots(2)).toBe(1);
    expect(scheduledRunSlots(1)).toBe(1);
  });
});

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
const monitor: MonitorRecord = {
  id: "0b8d2c1e-8f5a-4c0e-9a43-1d2f3a4b5c6d",
  owner: "alice@apo.test",
  name: "shop",
  url: "https://shop.example/",
  request: { framework: "GDPR", frameworks: ["GDPR", "CCPA"], crawl_depth: 2, use_llm: false },
  intervalMinutes: 60,
  webhookUrl: "https://hooks.example/x",
  webhookSecretSealed: "v1.sealed",
  alertOn: "changes",
  enabled: true,
  nextRunAt: at(50),
  activeScanId: null,
  createdAt: at(0),
  updatedAt: at(1),
};

function scan(n: number, status: ScanRecord["status"], score: number | null): ScanRecord {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    owner: monitor.owner,
    url: monitor.url,
    framework: "GDPR",
    request: {},
    status,
    phase: null,
    progress: {},
    error: status === "error" ? { code: "engine_error", message: "Chromium crashed" } : null,
    summary: score === null ? null : { total_violations: n, severity_breakdown: { HIGH: n, MEDIUM: 0, LOW: 0 }, max_potential_penalty_usd: null, compliance_score: score, grade: "C" },
    artifacts: [],
    workerId: null,
    pinned: false,
    cancelRequested: false,
    attempt: 1,
    previousWorkerId: null,
    createdAt: at(n * 10),
    startedAt: status === "queued" ? null : at(n * 10 + 1),
    finishedAt: status === "queued" || status === "running" ? null : at(n * 10 + 5),
  };
}

const diff = sampleMonitorDiff();

const run = (s: ScanRecord, finalized: boolean): MonitorRunRecord => ({
  scanId: s.id,
  monitorId: monitor.id,
  trigger: "schedule",
  baseScanId: null,
  diff: finalized && s.status === "complete" ? diff : null,
  finalizedAt: finalized ? s.finishedAt : null,
  createdAt: s.createdAt,
  scan: s,
});

describe("the API views", () => {
  it("a monitor: its settings, the newest run as last_run, the completed runs oldest first as the trend", () => {
    // Newest first, as the store lists them.
    const runs = [run(scan(4, "running", null), false), run(scan(3, "error", null), true), run(scan(2, "complete", 80), true), run(scan(1, "complete", 70), true)];
    const view = MonitorSchema.parse(toMonitorView(monitor, runs));
    expect(view).toMatchObject({ monitor_id: monitor.id, framework: "GDPR", frameworks: ["GDPR", "CCPA"], region: null, crawl_depth: 2, max_pages: null, alert_on: "changes", next_run_at: at(50).toISOString() });
    expect(view.last_run).toEqual({ scan_id: runs[0]!.scanId, status: "running", created_at: at(40).toISOString(), finished_at: null, score: null, violations: null });
    expect(view.trend.map((t) => [t.score, t.violations])).toEqual([[70, 1], [80, 2]]);
    expect(JSON.stringify(view)).not.toContain("sealed");
    expect(toMonitorView(monitor, []).last_run).toBeNull();
  });

  it("a run: its diff once finalized, null before; a failed run's error from its scan", () => {
    const done = MonitorRunSchema.parse(toMonitorRunView(run(scan(2, "complete", 80), true)));
    expect(done).toMatchObject({ status: "complete", score: 80, violations: 2, error: null, trigger: "schedule" });
    expect(done.diff?.base_scan_id).toBe(diff.base_scan_id);
    expect(toMonitorRunView(run(scan(2, "complete", 80), false)).diff).toBeNull();
    const failed = toMonitorRunView(run(scan(3, "error", null), true));
    expect(failed).toMatchObject({ status: "error", diff: null, error: { code: "engine_error", message: "Chromium crashed" }, score: null });
  });
});
