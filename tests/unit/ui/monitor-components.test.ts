import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DeliveryLog } from "@/components/monitors/delivery-log";
import { RunList } from "@/components/monitors/run-list";
import { TrendChart } from "@/components/monitors/trend-chart";
import { TrendSparkline } from "@/components/monitors/trend-sparkline";
import { MonitorRunSchema, WebhookDeliverySchema, type MonitorRun } from "@/lib/schemas/monitor";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const policy = { changed: false, url_before: null, url_after: null, sha256_before: null, sha256_after: null, diff: [], diff_truncated: false };

function run(n: number, over: Record<string, unknown>): MonitorRun {
  return MonitorRunSchema.parse({ scan_id: id(n), trigger: "manual", status: "complete", created_at: `2026-12-0${n}T10:00:00Z`, started_at: null, finished_at: `2026-12-0${n}T10:02:00Z`, score: 50 + n, violations: 3, error: null, diff: null, ...over });
}

const changedRun = run(3, {
  diff: {
    base_scan_id: id(2),
    changed: true,
    new: [{ fingerprint: "f1", violation_type: "TRACKING_BEFORE_CONSENT", framework: "GDPR", severity: "HIGH", rule_title: "Tracking before consent", parties: ["<script>Meta</script>"] }],
    fixed: [{ fingerprint: "f2", violation_type: "NO_REJECT_OPTION", framework: "GDPR", severity: "MEDIUM", rule_title: "No reject option", parties: [] }],
    unchanged: [],
    trackers: [{ session: "pre_consent", added: ["Meta"], removed: ["Hotjar"] }],
    verdict_changes: [{ verdict: "consent.reject_honored", before: false, after: true }],
    policy: { ...policy, changed: true, diff: ["- We never sell data", "+ We may share data"] },
    score_before: 61,
    score_after: 53,
  },
});

describe("the monitor page's run list", () => {
  it("shows a run's diff: new and fixed violations, trackers per visitor, verdicts and policy lines, escaped", () => {
    const html = renderToStaticMarkup(createElement(RunList, { runs: [changedRun] }));
    expect(html).toContain("1 new, 1 fixed, trackers changed for 1 visitor, 1 verdict change, policy text changed");
    expect(html).toContain("New violations (1)");
    expect(html).toContain("Tracking before consent");
    expect(html).toContain("High");
    expect(html).toContain("Fixed violations (1)");
    expect(html).toContain("&lt;script&gt;Meta&lt;/script&gt;");
    expect(html).not.toContain("<script>Meta");
    expect(html).toMatch(/Before consent:<\/span> <span>added Meta<\/span>; <span>removed Hotjar/);
    expect(html).toContain("Reject honoured:</span> no");
    expect(html).toContain("+ We may share data");
    expect(html).toContain("Score 61 → ");
    expect(html).toContain(`href="/scans/${id(3)}"`);
  });
  it("shows why a failed run failed, and that an unfinished run has no diff yet", () => {
    const failed = run(2, { status: "error", score: null, violations: null, error: { code: "site_unreachable", message: "The site did not answer." } });
    const live = run(4, { status: "running", finished_at: null, score: null, violations: null });
    const html = renderToStaticMarkup(createElement(RunList, { runs: [live, failed] }));
    expect(html).toContain("The diff appears when the run completes.");
    expect(html).toContain("The run did not complete (site_unreachable)");
    expect(html).toContain("The site did not answer.");
    expect(html).toContain("Failed");
  });
  it("says there are no runs yet", () => {
    expect(renderToStaticMarkup(createElement(RunList, { runs: [] }))).toContain("No runs yet");
  });
});

describe("the webhook delivery log", () => {
  const delivery = WebhookDeliverySchema.parse({
    delivery_id: id(7),
    monitor_id: id(9),
    scan_id: null,
    event_type: "monitor.test",
    status: "pending",
    attempts: [
      { attempt: 1, at: "2026-12-04T10:00:00Z", response_status: 500, error: null, duration_ms: 12 },
      { attempt: 2, at: "2026-12-04T10:00:02Z", response_status: null, error: "timeout", duration_ms: 10000 },
    ],
    next_attempt_at: "2026-12-04T10:00:08Z",
    created_at: "2026-12-04T10:00:00Z",
    delivered_at: null,
  });
  it("lists every attempt with its HTTP status or error, and the next retry", () => {
    const html = renderToStaticMarkup(createElement(DeliveryLog, { monitorId: id(9), hasWebhook: true, deliveries: [delivery], onSent: () => undefined }));
    expect(html).toContain("Test event");
    expect(html).toContain("Pending");
    expect(html).toContain("#1 · 2026-12-04 10:00 UTC · HTTP 500 in 12 ms");
    expect(html).toContain("#2 · 2026-12-04 10:00 UTC · timeout in 10000 ms");
    expect(html).toContain("2026-12-04 10:00 UTC</td>");
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>Send test event/);
  });
  it("disables the test button without a webhook URL", () => {
    const html = renderToStaticMarkup(createElement(DeliveryLog, { monitorId: id(9), hasWebhook: false, deliveries: [], onSent: () => undefined }));
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Send test event/);
    expect(html).toContain("No deliveries yet.");
  });
});

describe("trend chart and sparkline", () => {
  it("carries the chart's numbers in a table for screen readers, completed runs only", () => {
    const html = renderToStaticMarkup(createElement(TrendChart, { runs: [changedRun, run(2, { status: "error", score: null, violations: null }), run(1, { score: 70, violations: 1 })] }));
    expect(html).toContain("Score and violations over the last 2 completed runs");
    expect(html).toMatch(/<th scope="row">2026-12-01 10:02 UTC<\/th><td>70<\/td><td>1<\/td>/);
    expect(html).toMatch(/<th scope="row">2026-12-03 10:02 UTC<\/th><td>53<\/td><td>3<\/td>/);
  });
  it("waits for a completed run", () => {
    expect(renderToStaticMarkup(createElement(TrendChart, { runs: [] }))).toContain("appears after the first completed run");
  });
  it("names the sparkline with its values", () => {
    expect(renderToStaticMarkup(createElement(TrendSparkline, { scores: [40, 55] }))).toContain('aria-label="Score over the last 2 runs: 40, 55 (up 15)"');
    expect(renderToStaticMarkup(createElement(TrendSparkline, { scores: [] }))).toContain("No runs yet");
  });
});
