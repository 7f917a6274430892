import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MonitorCreateSchema, MonitorPatchSchema, MonitorRunSchema, type Monitor, type MonitorRun } from "@/lib/schemas/monitor";
import { emptyMonitorForm, fieldErrorsFromApi, firstErrorFieldId, formValuesOf, toMonitorPatch, validateMonitorForm } from "@/lib/ui/monitor-form";
import {
  describeAttempt,
  describeTrend,
  formatInterval,
  formatRelative,
  formatVerdictValue,
  hasPendingDelivery,
  nextRunLabel,
  policyLineKind,
  presetsFor,
  runInProgress,
  signatureVerificationSnippet,
  sparklinePoints,
  summarizeDiff,
  trendFromRuns,
} from "@/lib/ui/monitors";
import { formatZodError } from "@/lib/api/errors";
import { sampleMonitorDiff } from "@/tests/unit/support/sample-monitor-diff";

const NOW = new Date("2026-12-04T12:00:00Z");
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const emptyDiff = sampleMonitorDiff();
const violation = (type: string, severity: "HIGH" | "MEDIUM" | "LOW" = "HIGH") => ({ fingerprint: `${type}|GDPR|x`, violation_type: type, framework: "GDPR" as const, severity, rule_title: type, parties: ["Google"] });

function run(n: number, over: Partial<MonitorRun> = {}): MonitorRun {
  return MonitorRunSchema.parse({
    scan_id: id(n),
    trigger: "schedule",
    status: "complete",
    created_at: `2026-12-0${n}T10:00:00Z`,
    started_at: `2026-12-0${n}T10:00:05Z`,
    finished_at: `2026-12-0${n}T10:02:00Z`,
    score: 60 + n,
    violations: 10 - n,
    error: null,
    diff: null,
    ...over,
  });
}

const monitor: Monitor = {
  monitor_id: id(9),
  name: "Shop",
  url: "https://www.shop.example/",
  framework: "GDPR",
  frameworks: ["GDPR", "UK_GDPR"],
  region: "de",
  crawl_depth: 3,
  max_pages: null,
  interval_minutes: 1440,
  webhook_url: null,
  alert_on: "changes",
  use_llm: false,
  enabled: true,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
  next_run_at: "2026-12-04T12:42:00Z",
  last_run: null,
  trend: [],
};

describe("monitor schedule wording", () => {
  it("names intervals the way people say them", () => {
    expect(formatInterval(60)).toBe("hourly");
    expect(formatInterval(360)).toBe("every 6 hours");
    expect(formatInterval(1440)).toBe("daily");
    expect(formatInterval(4320)).toBe("every 3 days");
    expect(formatInterval(10080)).toBe("weekly");
    expect(formatInterval(90)).toBe("every 90 minutes");
    expect(formatInterval(1)).toBe("every minute");
  });
  it("offers only the presets the server's floor allows", () => {
    expect(presetsFor(60).map((p) => p.label)).toEqual(["Hourly", "Every 6 hours", "Daily", "Weekly"]);
    expect(presetsFor(120).map((p) => p.label)).toEqual(["Every 6 hours", "Daily", "Weekly"]);
  });
  it("says when the next run is, and nothing for a paused monitor", () => {
    expect(nextRunLabel(monitor, NOW)).toBe("in 42 min");
    expect(nextRunLabel({ ...monitor, next_run_at: "2026-12-05T12:00:00Z" }, NOW)).toBe("in 24 h");
    expect(nextRunLabel({ ...monitor, next_run_at: "2026-12-04T11:00:00Z" }, NOW)).toBe("Due now");
    expect(nextRunLabel({ ...monitor, enabled: false }, NOW)).toBe("Paused");
    expect(formatRelative("2026-12-01T12:00:00Z", NOW)).toBe("3 d ago");
    // Under a minute: a run that just finished is "just now", never "due now".
    expect(formatRelative(new Date(NOW.getTime() - 20_000).toISOString(), NOW)).toBe("just now");
    expect(formatRelative(new Date(NOW.getTime() + 20_000).toISOString(), NOW)).toBe("in under a minute");
  });
  it("knows a run is in progress from the newest run, else from the monitor's last run", () => {
    expect(runInProgress(monitor, [run(2, { status: "running" }), run(1)])).toBe(true);
    expect(runInProgress(monitor, [run(2), run(1, { status: "running" })])).toBe(false);
    expect(runInProgress({ last_run: { scan_id: id(1), status: "queued", created_at: "x", finished_at: null, score: null, violations: null } }, null)).toBe(true);
    expect(runInProgress(monitor, [])).toBe(false);
  });
});

describe("monitor trends", () => {
  it("charts completed runs only, oldest first", () => {
    const points = trendFromRuns([run(3), run(2, { status: "error", score: null, violations: null }), run(1)]);
    expect(points.map((p) => [p.scan_id, p.score, p.violations])).toEqual([
      [id(1), 61, 9],
      [id(3), 63, 7],
    ]);
    expect(points[0]!.label).toBe("12-01 10:02");
  });
  it("draws a sparkline across the box and skips unknown scores", () => {
    expect(sparklinePoints([0, 50, 100], 100, 20)).toBe("0,20 50,10 100,0");
    expect(sparklinePoints([0, null, 100], 100, 20)).toBe("0,20 100,0");
    expect(sparklinePoints([40], 100, 20)).toBe("0,12 100,12");
    expect(sparklinePoints([null], 100, 20)).toBe("");
  });
  it("puts the values and the direction in words", () => {
    expect(describeTrend([55, null, 62, 70])).toBe("Score over the last 3 runs: 55, 62, 70 (up 15)");
    expect(describeTrend([9, 4], "Violations")).toBe("Violations over the last 2 runs: 9, 4 (down 5)");
    expect(describeTrend([])).toBe("Score: no completed runs yet");
  });
});

describe("monitor diffs and deliveries", () => {
  it("summarises what a run changed in one line", () => {
    expect(summarizeDiff(emptyDiff)).toBe("No change since the previous good run");
    expect(summarizeDiff({ ...emptyDiff, base_scan_id: null, new: [violation("A"), violation("B")] })).toMatch(/^Baseline run: 2 violations/);
    const changed = {
      ...emptyDiff,
      changed: true,
      new: [violation("TRACKING_BEFORE_CONSENT")],
      fixed: [violation("NO_REJECT_OPTION"), violation("GPC_NOT_HONORED")],
      trackers: [{ session: "pre_consent" as const, added: ["Meta"], removed: [] }],
      verdict_changes: [{ verdict: "consent.reject_honored", before: false, after: true }],
      policy: { ...emptyDiff.policy, changed: true, diff: ["- old", "+ new"] },
    };
    expect(summarizeDiff(changed)).toBe("1 new, 2 fixed, trackers changed for 1 visitor, 1 verdict change, policy text changed");
    expect(summarizeDiff(null)).toBe("No diff");
  });
  it("reads verdict values and policy lines without relying on colour", () => {
    expect(formatVerdictValue(true)).toBe("yes");
    expect(formatVerdictValue(null)).toBe("unknown");
    expect(formatVerdictValue("not_honored")).toBe("not honored");
    expect(policyLineKind("+ We sell data")).toBe("added");
    expect(policyLineKind("- We never sell data")).toBe("removed");
    expect(policyLineKind("  context")).toBe("context");
  });
  it("describes attempts by HTTP status or error", () => {
    expect(describeAttempt({ attempt: 1, at: "x", response_status: 500, error: null, duration_ms: 12 })).toBe("HTTP 500 in 12 ms");
    expect(describeAttempt({ attempt: 2, at: "x", response_status: null, error: "timeout", duration_ms: 10000 })).toBe("timeout in 10000 ms");
    expect(hasPendingDelivery([{ status: "delivered" }, { status: "pending" }])).toBe(true);
    expect(hasPendingDelivery([{ status: "failed" }])).toBe(false);
  });
  it("documents a signature check that accepts a good delivery and refuses a tampered one", () => {
    // Run the snippet the page shows, as a receiver would.
    const source = signatureVerificationSnippet().replace(/^import .*$/m, "").replace("function verify", "return function verify");
    const verify = new Function("createHmac", "timingSafeEqual", "Buffer", source)(createHmac, (a: Buffer, b: Buffer) => a.equals(b), Buffer) as (body: string, headers: Record<string, string>, secret: string) => boolean;
    const body = JSON.stringify({ type: "monitor.test" });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = `sha256=${createHmac("sha256", "s3cret").update(`${ts}.${body}`).digest("hex")}`;
    expect(verify(body, { "x-apo-timestamp": ts, "x-apo-signature": sig }, "s3cret")).toBe(true);
    expect(verify(body.replace("test", "tset"), { "x-apo-timestamp": ts, "x-apo-signature": sig }, "s3cret")).toBe(false);
    expect(verify(body, { "x-apo-timestamp": ts, "x-apo-signature": sig }, "other")).toBe(false);
    const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const oldSig = `sha256=${createHmac("sha256", "s3cret").update(`${old}.${body}`).digest("hex")}`;
    expect(verify(body, { "x-apo-timestamp": old, "x-apo-signature": oldSig }, "s3cret")).toBe(false);
  });
});

describe("monitor form validation uses the API schema and the server's floor", () => {
  const good = { ...emptyMonitorForm, url: "www.shop.example", interval_minutes: "1440" };
  it("accepts a good form and builds the create body", () => {
    const r = validateMonitorForm({ ...good, extra_frameworks: ["GDPR", "UK_GDPR"], framework: "GDPR", max_pages: "4", webhook_url: " https://hooks.example/apo " }, 60);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body).toMatchObject({ url: "https://www.shop.example/", framework: "GDPR", frameworks: ["GDPR", "UK_GDPR"], max_pages: 4, interval_minutes: 1440, webhook_url: "https://hooks.example/apo", alert_on: "any_run", enabled: true });
    expect(r.body.name).toBeUndefined();
    expect(MonitorCreateSchema.safeParse(r.body).success).toBe(true);
  });
  it("puts a bad URL and a bad webhook URL at their own fields, like the scan form", () => {
    const r = validateMonitorForm({ ...good, url: "ftp://x.example", webhook_url: "ftp://hooks.example/apo" }, 60);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.url).toMatch(/http/);
    expect(r.errors.webhook_url).toBe("webhook URL must use http or https");
    expect(firstErrorFieldId(r.errors)).toBe("url");
  });
  it("refuses an interval under the floor, empty, fractional or over 31 days, at the interval field", () => {
    const err = (interval: string, floor = 60) => {
      const r = validateMonitorForm({ ...good, interval_minutes: interval }, floor);
      return r.ok ? null : r.errors.interval_minutes;
    };
    expect(err("30")).toBe("interval_minutes must be at least 60 minutes on this server");
    expect(err("30", 15)).toBeNull();
    expect(err("")).toMatch(/whole number of minutes/);
    expect(err("soon")).toMatch(/whole number of minutes/);
    expect(err("90.5")).toMatch(/whole number/);
    expect(err(String(31 * 24 * 60 + 1))).toMatch(/at most 44640/);
    expect(err("1,440")).toBeNull();
  });
  it("lands the server's 400 at the field it names, a refused webhook address at the webhook", () => {
    const zodMessage = (() => {
      const r = MonitorCreateSchema.safeParse({ url: "https://x.example", interval_minutes: 1.5 });
      return r.success ? "" : formatZodError(r.error);
    })();
    expect(fieldErrorsFromApi(400, "validation_error", zodMessage)).toEqual({ interval_minutes: zodMessage });
    expect(fieldErrorsFromApi(400, "validation_error", "interval_minutes: must be at least 60 (APO_MONITOR_MIN_INTERVAL_MINUTES)")).toHaveProperty("interval_minutes");
    expect(fieldErrorsFromApi(400, "validation_error", "webhook_url: url must use http or https")).toHaveProperty("webhook_url");
    expect(fieldErrorsFromApi(400, "target_not_allowed", "webhook_url resolves to a private address")).toHaveProperty("webhook_url");
    expect(fieldErrorsFromApi(400, "target_not_allowed", "The target resolves to a private address")).toHaveProperty("url");
    expect(fieldErrorsFromApi(500, "internal_error", "Internal error")).toEqual({ form: "Internal error" });
    expect(firstErrorFieldId({ webhook_url: "x", "frameworks.1": "y" })).toBe("extra_frameworks");
  });
  it("edits round-trip: the form shows the monitor, and the PATCH carries only what changed", () => {
    const stored = { ...monitor, webhook_url: "https://hooks.example/apo", max_pages: 8 };
    const values = formValuesOf(stored);
    expect(values).toMatchObject({ framework: "GDPR", extra_frameworks: ["UK_GDPR"], region: "de", max_pages: "8", interval_minutes: "1440", alert_on: "changes" });
    const unchanged = validateMonitorForm(values, 60);
    expect(unchanged.ok && toMonitorPatch(unchanged.body, stored)).toEqual({});

    const r = validateMonitorForm({ ...values, webhook_url: "", max_pages: "", interval_minutes: "10080", extra_frameworks: [] }, 60);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const patch = toMonitorPatch(r.body, stored);
    expect(patch).toEqual({ webhook_url: null, max_pages: null, frameworks: ["GDPR"], interval_minutes: 10080 });
    expect(MonitorPatchSchema.safeParse(patch).success).toBe(true);
  });
});
