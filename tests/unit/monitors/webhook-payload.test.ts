import { describe, expect, it } from "vitest";
import { publicBaseUrl, reportUrlFor } from "@/lib/monitors/report-url";
import { buildRunPayload, buildTestPayload } from "@/lib/monitors/webhook-payload";
import { escapeMrkdwn } from "@/lib/monitors/webhook-text";
import { WebhookPayloadSchema, type DiffViolation, type MonitorDiff } from "@/lib/schemas/monitor";
import { sampleMonitorDiff } from "@/tests/unit/support/sample-monitor-diff";

const DELIVERY = "0b8a6c1e-5f7d-4e8a-9c2b-1d3e5f7a9b01";
const MONITOR = { id: "5d6c7b8a-1e2f-4a3b-8c4d-5e6f7a8b9c0d", name: "Shop <EU> & co", url: "https://shop.example/?a=1&b=2" };
const SCAN = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
const BASE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const AT = new Date("2026-12-04T10:00:00Z");

const v = (violation_type: string, severity: DiffViolation["severity"] = "HIGH", parties: string[] = []): DiffViolation => ({
  fingerprint: `${violation_type}|GDPR|${parties.join(",")}`,
  violation_type,
  framework: "GDPR",
  severity,
  rule_title: `${violation_type} <rule>`,
  parties,
});

const diff = (over: Partial<MonitorDiff> = {}): MonitorDiff => sampleMonitorDiff({ base_scan_id: BASE, score_before: 80, score_after: 80, ...over });

describe("buildRunPayload", () => {
  it("carries the diff's new and fixed violations and verdict changes, and is a valid payload", () => {
    const d = diff({
      changed: true,
      new: [v("TRACKING_BEFORE_CONSENT", "HIGH", ["Meta"]), v("TRACKING_BEFORE_CONSENT", "HIGH", ["Google"]), v("GPC_IGNORED", "MEDIUM")],
      fixed: [v("NO_REJECT_OPTION", "HIGH")],
      unchanged: [v("POLICY_MISSING_RIGHTS", "LOW")],
      verdict_changes: [{ verdict: "gpc", before: "honored", after: "ignored" }, { verdict: "consent.banner_found", before: false, after: true }],
      score_before: 80,
      score_after: 62,
    });
    const p = buildRunPayload({ deliveryId: DELIVERY, monitor: MONITOR, scanId: SCAN, diff: d, score: 62, reportUrl: `https://apo.example.com/scans/${SCAN}`, createdAt: AT });
    expect(WebhookPayloadSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({ type: "monitor.run.completed", delivery_id: DELIVERY, monitor_id: MONITOR.id, scan_id: SCAN, url: MONITOR.url, changed: true, score: 62, created_at: AT.toISOString() });
    expect(p.new_violations).toEqual(d.new);
    expect(p.fixed_violations).toEqual(d.fixed);
    expect(p.verdict_changes).toEqual(d.verdict_changes);
    expect(p.text.split("\n")).toEqual([
      `APO monitor "Shop &lt;EU&gt; &amp; co" ran on https://shop.example/?a=1&amp;b=2`,
      "Score: 62 (was 80)",
      "New violations: 3 (TRACKING_BEFORE_CONSENT, GPC_IGNORED)",
      "Fixed violations: 1 (NO_REJECT_OPTION)",
      "Verdict changes: gpc honored → ignored; consent.banner_found false → true",
      `Report: https://apo.example.com/scans/${SCAN}`,
    ]);
  });

  it("says so when nothing changed", () => {
    const p = buildRunPayload({ deliveryId: DELIVERY, monitor: MONITOR, scanId: SCAN, diff: diff({ unchanged: [v("A")] }), score: 80, reportUrl: null, createdAt: AT });
    expect(p.changed).toBe(false);
    expect(p.text.split("\n")).toEqual([`APO monitor "Shop &lt;EU&gt; &amp; co" ran on https://shop.example/?a=1&amp;b=2`, "Score: 80", "No changes since the last run."]);
  });

  it("calls a monitor's first run the baseline", () => {
    const first = diff({ base_scan_id: null, changed: false, unchanged: [v("A"), v("B")], score_before: null });
    const p = buildRunPayload({ deliveryId: DELIVERY, monitor: MONITOR, scanId: SCAN, diff: first, score: 70, reportUrl: "http://localhost:8000/scans/x", createdAt: AT });
    expect(p.text).toContain("First run: this is the baseline later runs are compared with (2 violations).");
    expect(p.text).not.toContain("No changes");
  });

  it("lists at most five violation types, then how many more; names tracker and policy changes", () => {
    const many = ["A", "B", "C", "D", "E", "F", "G"].map((t) => v(t));
    const p = buildRunPayload({
      deliveryId: DELIVERY, monitor: MONITOR, scanId: SCAN, score: null, reportUrl: null, createdAt: AT,
      diff: diff({ changed: true, new: many, trackers: [{ session: "pre_consent", added: ["Meta"], removed: [] }], policy: { changed: true, url_before: "a", url_after: "a", sha256_before: "1", sha256_after: "2", diff: ["+ x"], diff_truncated: false } }),
    });
    expect(p.text).toContain("New violations: 7 (A, B, C, D, E and 2 more)");
    expect(p.text).toContain("Score: not available");
    expect(p.text).toContain("Trackers changed for pre_consent");
    expect(p.text).toContain("The privacy policy text changed.");
  });
});

describe("buildTestPayload", () => {
  it("is a monitor.test event with an empty diff and a text naming the monitor", () => {
    const p = buildTestPayload({ deliveryId: DELIVERY, monitor: MONITOR, createdAt: AT });
    expect(WebhookPayloadSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({ type: "monitor.test", scan_id: null, changed: false, new_violations: [], fixed_violations: [], verdict_changes: [], score: null, report_url: null });
    expect(p.text).toBe(`APO test event for monitor "Shop &lt;EU&gt; &amp; co" (https://shop.example/?a=1&amp;b=2): this webhook receives APO's alerts.`);
  });
});

describe("Slack escaping", () => {
  it("escapes &, < and > (the ampersand first) and nothing else", () => {
    expect(escapeMrkdwn("<!channel> & <@U1> &amp; *bold* _it_")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt; &amp;amp; *bold* _it_");
  });
});

describe("report URL", () => {
  it("is the UI page on NEXTAUTH_URL's origin when set, else on the local port", () => {
    expect(reportUrlFor(SCAN, { NEXTAUTH_URL: "https://apo.example.com", PORT: 8000 })).toBe(`https://apo.example.com/scans/${SCAN}`);
    expect(publicBaseUrl({ NEXTAUTH_URL: "https://apo.example.com/api/auth/", PORT: 8000 })).toBe("https://apo.example.com");
    expect(publicBaseUrl({ NEXTAUTH_URL: undefined, PORT: 3100 })).toBe("http://localhost:3100");
    expect(publicBaseUrl({ NEXTAUTH_URL: "not a url", PORT: 8000 })).toBe("http://localhost:8000");
  });
});
