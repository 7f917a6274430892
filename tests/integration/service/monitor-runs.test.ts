import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScan } from "@/agents/pipeline";
import type { Principal } from "@/lib/auth/principal";
import { createMonitor } from "@/lib/monitors/use-cases/create-monitor";
import { listMonitorDeliveries } from "@/lib/monitors/use-cases/list-deliveries";
import { listMonitorRuns } from "@/lib/monitors/use-cases/list-monitor-runs";
import { runMonitorNow } from "@/lib/monitors/use-cases/run-monitor";
import { verifyWebhook } from "@/lib/monitors/webhook-signature";
import { MonitorCreateSchema, WebhookPayloadSchema, type MonitorRun, type WebhookPayload } from "@/lib/schemas/monitor";
import type { ScanRunner } from "@/lib/scans/types";
import { EVOLVING_HOST, setEvolvingStage } from "@/tests/fixtures/web/evolving-site";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { testServiceForFile } from "@/tests/support/test-service";
import { startWebhookReceiver, type ReceivedWebhook as Received, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import { CONSENT_VISITORS, FAST_TIMEOUTS } from "../engine/helpers";

// A monitor of a site that changes between runs, end to end: the real pipeline in Chromium behind
// the service's queue, the monitor clock starting and finalizing runs, diffs computed from the
// stored reports, and signed webhooks delivered to a receiver on loopback.

let web: TestWeb;
const runner: ScanRunner = (job, ctx) =>
  runScan(job, ctx, { hostResolverRules: web.hostResolverRules, allowPrivateTargets: true, ignoreHTTPSErrors: true, skipPdf: true, timeouts: FAST_TIMEOUTS, sessions: CONSENT_VISITORS });
// The service is installed for this file; the use cases below find it.
testServiceForFile(runner, { workerId: "it-monitor-runs", monitors: { tickMs: 200 } });
const analyst: Principal = { id: "analyst@apo.test", via: "token" };

let receiver: WebhookReceiver;
let received: Received[] = [];
let receiverUrl = "";

beforeAll(async () => {
  web = await startTestWeb();
  receiver = await startWebhookReceiver("/hooks/apo");
  ({ received, url: receiverUrl } = receiver);
}, 60_000);

afterAll(async () => {
  setEvolvingStage("baseline");
  await receiver?.close();
  await web?.close();
});

/** Waits until the monitor has `count` finalized runs (diff stored or the run failed) and its webhooks arrived. */
async function settledRuns(monitorId: string, count: number, webhooks: number): Promise<MonitorRun[]> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const { runs } = await listMonitorRuns(analyst, monitorId, 10);
    const done = runs.filter((r) => r.diff !== null || (r.status !== "queued" && r.status !== "running" && r.status !== "complete"));
    if (done.length >= count && received.length >= webhooks) return runs;
    if (Date.now() > deadline) throw new Error(`runs: ${JSON.stringify(runs.map((r) => [r.status, r.error, r.diff !== null]))}; webhooks: ${received.length}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const types = (list: Array<{ violation_type: string }>) => list.map((v) => v.violation_type).sort();

function verifiedPayload(delivery: Received, secret: string): WebhookPayload {
  const check = verifyWebhook({
    secret,
    rawBody: delivery.body,
    signatureHeader: String(delivery.headers["x-apo-signature"]),
    timestampHeader: String(delivery.headers["x-apo-timestamp"]),
  });
  expect(check).toEqual({ ok: true });
  // The same body with one byte changed does not verify.
  expect(verifyWebhook({ secret, rawBody: delivery.body.replace("monitor", "Monitor"), signatureHeader: String(delivery.headers["x-apo-signature"]), timestampHeader: String(delivery.headers["x-apo-timestamp"]) }).ok).toBe(false);
  return WebhookPayloadSchema.parse(JSON.parse(delivery.body));
}

describe("a monitor of a site that changes between runs", () => {
  it("diffs each run against the last: baseline, then a tracker added, then the banner fixed; each run's webhook is signed", async () => {
    setEvolvingStage("baseline");
    const created = await createMonitor(
      analyst,
      MonitorCreateSchema.parse({ url: web.url(EVOLVING_HOST), framework: "GDPR", crawl_depth: 1, max_pages: 2, interval_minutes: 24 * 60, webhook_url: receiverUrl }),
    );
    const secret = created.webhook_secret!;
    expect(secret).toMatch(/^whsec_/);

    // Run 1 starts by itself (a new monitor is due at once): the baseline, its findings all new.
    let runs = await settledRuns(created.monitor_id, 1, 1);
    const first = runs[0]!;
    expect(first, JSON.stringify(first.error)).toMatchObject({ status: "complete", trigger: "schedule" });
    expect(first.diff).toMatchObject({ base_scan_id: null, fixed: [], unchanged: [] });
    expect(types(first.diff!.new)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"]);
    const baselineHook = verifiedPayload(received[0]!, secret);
    expect(baselineHook).toMatchObject({ type: "monitor.run.completed", monitor_id: created.monitor_id, scan_id: first.scan_id });
    expect(received[0]!.headers["x-apo-delivery"]).toBe(baselineHook.delivery_id);

    // Run 2: a marketing release added the Meta pixel before any choice.
    setEvolvingStage("tracker-added");
    const second = await runMonitorNow(analyst, created.monitor_id);
    runs = await settledRuns(created.monitor_id, 2, 2);
    expect(runs[0]!.scan_id).toBe(second.scan_id);
    const added = runs[0]!.diff!;
    expect(added.base_scan_id).toBe(first.scan_id);
    expect(added.changed).toBe(true);
    expect(types(added.new)).toEqual(["TRACKING_BEFORE_CONSENT"]);
    expect(added.new[0]!.parties).toEqual(["Meta"]);
    expect(added.fixed).toEqual([]);
    expect(types(added.unchanged)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"]);
    expect(added.trackers.find((t) => t.session === "pre_consent")).toEqual({ session: "pre_consent", added: ["Meta"], removed: [] });
    expect(added.trackers.every((t) => t.removed.length === 0 && t.added.join() === "Meta")).toBe(true);
    expect(added.verdict_changes.map((c) => c.verdict)).not.toContain("consent.reject_on_first_layer");
    expect(added.policy.changed).toBe(false);
    const addedHook = verifiedPayload(received[1]!, secret);
    expect(addedHook).toMatchObject({ scan_id: second.scan_id, changed: true, fixed_violations: [] });
    expect(types(addedHook.new_violations)).toEqual(["TRACKING_BEFORE_CONSENT"]);
    expect(addedHook.text).toContain("TRACKING_BEFORE_CONSENT");

    // Run 3: the banner fixed (Reject all on the first layer, nothing pre-ticked); the pixel stays.
    setEvolvingStage("banner-fixed");
    const third = await runMonitorNow(analyst, created.monitor_id);
    runs = await settledRuns(created.monitor_id, 3, 3);
    expect(runs.map((r) => r.scan_id)).toEqual([third.scan_id, second.scan_id, first.scan_id]);
    const fixed = runs[0]!.diff!;
    expect(fixed.base_scan_id).toBe(second.scan_id);
    expect(fixed.new).toEqual([]);
    expect(types(fixed.fixed)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"]);
    expect(types(fixed.unchanged)).toEqual(["TRACKING_BEFORE_CONSENT"]);
    expect(fixed.unchanged[0]!.fingerprint).toBe(added.new[0]!.fingerprint);
    expect(fixed.verdict_changes).toEqual(expect.arrayContaining([{ verdict: "consent.reject_on_first_layer", before: false, after: true }]));
    expect(fixed.trackers).toEqual([]);
    const fixedHook = verifiedPayload(received[2]!, secret);
    expect(types(fixedHook.fixed_violations)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"]);
    expect(fixedHook.new_violations).toEqual([]);

    // The delivery log has the three, each delivered at the first attempt; nothing was sent twice.
    const { deliveries } = await listMonitorDeliveries(analyst, created.monitor_id);
    expect(deliveries.map((d) => [d.scan_id, d.status, d.attempts.map((a) => a.response_status)])).toEqual([
      [third.scan_id, "delivered", [204]],
      [second.scan_id, "delivered", [204]],
      [first.scan_id, "delivered", [204]],
    ]);
    expect(received).toHaveLength(3);
  }, 300_000);
});
