import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { AgentContext, ScanJob } from "@/agents/types";
import { GET as listRoute, POST as createRoute } from "@/app/api/monitors/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/monitors/[monitorId]/route";
import { POST as runRoute } from "@/app/api/monitors/[monitorId]/run/route";
import { GET as runsRoute } from "@/app/api/monitors/[monitorId]/runs/route";
import { signApiToken } from "@/lib/auth/api-token";
import { resetEnvCache } from "@/lib/env";
import { openSecret } from "@/lib/monitors/webhook-secret";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { buildOpenApiDocument } from "@/lib/openapi";
import type { ScanOutcome } from "@/lib/scans/types";
import { startTestService, type TestService } from "@/tests/support/test-service";
import { sampleReport } from "@/tests/unit/support/sample-report";

// The monitors API through its route handlers, on the embedded store with a scripted runner: a
// run of a URL ending in /hold runs until cancelled, any other completes at once with a report.

let test: TestService;

async function runner(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  if (job.request.url.endsWith("/hold")) {
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
    return { status: "cancelled", error: null, evidence: null, report: null, artifacts: [] };
  }
  return { status: "complete", error: null, evidence: {}, report: sampleReport(job.scanId), artifacts: [] };
}

beforeAll(async () => {
  test = await startTestService(runner, {
    workerId: "unit-monitor-routes",
    env: { APO_JWT_SECRET: "unit-test-secret-0123456789abcdef0123456789", APO_MAX_ACTIVE_SCANS_PER_OWNER: "20", APO_RATE_LIMIT_PER_MINUTE: "100" },
  });
}, 120_000);
afterAll(() => test.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const tokens = new Map<string, string>();
async function call(
  handler: (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>, // eslint-disable-line @typescript-eslint/no-explicit-any
  o: { who?: string; method?: string; path?: string; id?: string; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Json }> {
  const who = o.who ?? "alice@apo.test";
  if (!tokens.has(who)) tokens.set(who, await signApiToken({ sub: who, ttlSeconds: 3600 }));
  const path = o.path ?? (o.id ? `/api/monitors/${o.id}` : "/api/monitors");
  const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const req = new NextRequest(`http://localhost:8000${path}`, {
    method: o.method ?? (body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${tokens.get(who)}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body,
  });
  const res = await handler(req, { params: Promise.resolve(o.id ? { monitorId: o.id } : {}) });
  return { status: res.status, body: (await res.json()) as Json };
}

const create = (body: Json, who?: string) => call(createRoute, { body: { url: "http://127.0.0.1:9/hold", interval_minutes: 60, enabled: false, ...body }, who });

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("POST /api/monitors", () => {
  it("201 with the webhook secret once; GET and the list never show it, the store keeps it sealed", async () => {
    const logged: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    let created;
    try {
      created = await create({ name: "Shop", framework: "GDPR", crawl_depth: 1, webhook_url: "http://127.0.0.1:9/hook", alert_on: "changes" });
    } finally {
      process.stdout.write = write;
    }
    expect(created.status).toBe(201);
    const secret = created.body.webhook_secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(created.body).toMatchObject({ name: "Shop", url: "http://127.0.0.1:9/hold", framework: "GDPR", crawl_depth: 1, interval_minutes: 60, webhook_url: "http://127.0.0.1:9/hook", alert_on: "changes", enabled: false, next_run_at: null, last_run: null, trend: [] });
    expect(logged.join("")).toContain("monitor created");
    expect(logged.join("")).not.toContain(secret);

    const id = created.body.monitor_id as string;
    const got = await call(getRoute, { id });
    expect(got.status).toBe(200);
    expect(got.body.monitor_id).toBe(id);
    expect(JSON.stringify(got.body)).not.toContain(secret);
    expect("webhook_secret" in got.body).toBe(false);
    const list = await call(listRoute);
    expect(list.body.monitors.map((m: Json) => m.monitor_id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const stored = await test.service.store.getMonitor(id);
    expect(stored?.webhookSecretSealed).not.toContain(secret.slice(6));
    expect(openSecret(stored!.webhookSecretSealed!)).toBe(secret);
  });

  it("a monitor without a webhook has no secret; the name defaults to the host", async () => {
    const created = await create({ url: "http://127.0.0.1:9/hold?x=1" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ webhook_secret: null, webhook_url: null, name: "127.0.0.1:9", framework: "CCPA", alert_on: "any_run" });
  });

  it("a bad field is a 400 that names it; unknown fields and oversized bodies are refused", async () => {
    const bad = await create({ crawl_depth: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_error");
    expect(bad.body.error.message).toMatch(/^crawl_depth: /);
    expect((await create({ webhook_url: "javascript:alert(1)" })).body.error.message).toMatch(/^webhook_url: /);
    expect((await create({ claude_key: "sk-ant-x" })).body.error.message).toMatch(/unknown field\(s\) claude_key/);
    const big = await call(createRoute, { raw: JSON.stringify({ url: "http://127.0.0.1:9/", interval_minutes: 60, name: "x".repeat(40_000) }) });
    expect(big.status).toBe(413);
    expect((await call(createRoute, { raw: "{" })).body.error.code).toBe("invalid_json");
  });

  it("an interval below the server's floor is a 400 naming interval_minutes; a lower floor allows it", async () => {
    const low = await create({ interval_minutes: 30 });
    expect(low.status).toBe(400);
    expect(low.body.error).toMatchObject({ code: "validation_error" });
    expect(low.body.error.message).toMatch(/^interval_minutes: must be at least 60 minutes on this server/);
    process.env.APO_MONITOR_MIN_INTERVAL_MINUTES = "5";
    resetEnvCache();
    try {
      expect((await create({ interval_minutes: 30 })).status).toBe(201);
      expect((await create({ interval_minutes: 4 })).body.error.message).toMatch(/^interval_minutes: must be at least 5 minutes/);
    } finally {
      delete process.env.APO_MONITOR_MIN_INTERVAL_MINUTES;
      resetEnvCache();
    }
  });

  it("a user's monitors are capped (APO_MAX_MONITORS_PER_OWNER): the next is a 409 too_many_monitors; other users are not affected", async () => {
    process.env.APO_MAX_MONITORS_PER_OWNER = "2";
    resetEnvCache();
    try {
      expect((await create({}, "capped@apo.test")).status).toBe(201);
      expect((await create({}, "capped@apo.test")).status).toBe(201);
      const third = await create({}, "capped@apo.test");
      expect(third.status).toBe(409);
      expect(third.body.error).toMatchObject({ code: "too_many_monitors" });
      expect(third.body.error.message).toMatch(/2 monitors/);
      expect((await create({}, "uncapped@apo.test")).status).toBe(201);
    } finally {
      delete process.env.APO_MAX_MONITORS_PER_OWNER;
      resetEnvCache();
    }
  });

  it("a private webhook_url (or url) is a 422 target_not_allowed naming the field, allowed under APO_ALLOW_PRIVATE_TARGETS", async () => {
    process.env.APO_ALLOW_PRIVATE_TARGETS = "false";
    resetEnvCache();
    try {
      // A literal public address: vetted without DNS (no network here).
      const hook = await create({ url: "http://93.184.216.34/", webhook_url: "http://10.0.0.5/hook" });
      expect(hook.status).toBe(422);
      expect(hook.body.error.code).toBe("target_not_allowed");
      expect(hook.body.error.message).toMatch(/^webhook_url: /);
      const site = await create({ url: "http://127.0.0.1:9/" });
      expect(site.status).toBe(422);
      expect(site.body.error.message).toMatch(/^url: /);
      const monitor = await create({ url: "http://93.184.216.34/" });
      expect(monitor.status).toBe(201);
      // A PATCH that adds a private webhook is vetted the same way.
      const patch = await call(patchRoute, { id: monitor.body.monitor_id, method: "PATCH", body: { webhook_url: "http://169.254.169.254/latest" } });
      expect(patch.status).toBe(422);
      expect(patch.body.error.message).toMatch(/^webhook_url: /);
    } finally {
      process.env.APO_ALLOW_PRIVATE_TARGETS = "true";
      resetEnvCache();
    }
    expect((await create({ webhook_url: "http://10.0.0.5/hook" })).status).toBe(201);
  });
});

describe("one monitor's routes", () => {
  it("another user gets 404 on every route, as for a malformed or unknown id", async () => {
    const id = (await create({})).body.monitor_id as string;
    const bob = "bob@apo.test";
    const answers = [
      await call(getRoute, { id, who: bob }),
      await call(patchRoute, { id, who: bob, method: "PATCH", body: { enabled: true } }),
      await call(runRoute, { id, who: bob, method: "POST", path: `/api/monitors/${id}/run` }),
      await call(runsRoute, { id, who: bob, path: `/api/monitors/${id}/runs` }),
      await call(deleteRoute, { id, who: bob, method: "DELETE" }),
      await call(getRoute, { id: "not-a-uuid" }),
      await call(getRoute, { id: "6f1c1f0e-8a7b-4c39-9d54-0c2f4f1f9a01" }),
    ];
    for (const a of answers) expect(a).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Monitor not found" } } });
    expect((await call(listRoute, { who: bob })).body.monitors).toEqual([]);
    // Nothing happened to alice's monitor.
    expect((await call(getRoute, { id })).body).toMatchObject({ enabled: false, last_run: null });
  });

  it("PATCH pauses and resumes; adding a webhook or rotating returns a new secret once; null removes it", async () => {
    const id = (await create({ interval_minutes: 120 })).body.monitor_id as string;
    const resumed = await call(patchRoute, { id, method: "PATCH", body: { enabled: true, url: "http://127.0.0.1:9/hold/other" } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ enabled: true, url: "http://127.0.0.1:9/hold/other", webhook_secret: null });
    expect(Date.parse(resumed.body.next_run_at)).toBeLessThanOrEqual(Date.now() + 1000);
    const paused = await call(patchRoute, { id, method: "PATCH", body: { enabled: false } });
    expect(paused.body).toMatchObject({ enabled: false, next_run_at: null });

    expect((await call(patchRoute, { id, method: "PATCH", body: { rotate_webhook_secret: true } })).body.error.message).toMatch(/^rotate_webhook_secret: /);
    const added = await call(patchRoute, { id, method: "PATCH", body: { webhook_url: "http://127.0.0.1:9/hook" } });
    const first = added.body.webhook_secret as string;
    expect(first).toMatch(/^whsec_/);
    expect((await call(patchRoute, { id, method: "PATCH", body: { webhook_url: "http://127.0.0.1:9/hook2" } })).body.webhook_secret).toBeNull();
    const rotated = (await call(patchRoute, { id, method: "PATCH", body: { rotate_webhook_secret: true } })).body.webhook_secret as string;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    expect(openSecret((await test.service.store.getMonitor(id))!.webhookSecretSealed!)).toBe(rotated);
    const removed = await call(patchRoute, { id, method: "PATCH", body: { webhook_url: null } });
    expect(removed.body).toMatchObject({ webhook_url: null, webhook_secret: null });
    expect((await test.service.store.getMonitor(id))!.webhookSecretSealed).toBeNull();

    expect((await call(patchRoute, { id, method: "PATCH", body: { interval_minutes: 10 } })).body.error.message).toMatch(/^interval_minutes: /);
    expect((await call(patchRoute, { id, method: "PATCH", body: { frameworks: ["GDPR", "GDPR"] } })).body.error.message).toMatch(/^frameworks\.1: /);
    // The resumed monitor's scheduled run holds the one worker slot: deleting the monitor cancels it.
    expect((await call(deleteRoute, { id, method: "DELETE" })).status).toBe(200);
  });

  it("run now: 202 with the scan, then 409 while it is in progress; DELETE cancels the run and removes the monitor", async () => {
    resetRateLimits();
    const id = (await create({})).body.monitor_id as string;
    const run = await call(runRoute, { id, method: "POST", path: `/api/monitors/${id}/run` });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ monitor_id: id, status: "queued", stream_url: `/api/stream/${run.body.scan_id}` });
    const again = await call(runRoute, { id, method: "POST", path: `/api/monitors/${id}/run` });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", message: "a run of this monitor is in progress" });
    const scan = await test.service.store.getScan(run.body.scan_id);
    expect(scan).toMatchObject({ owner: "alice@apo.test", url: "http://127.0.0.1:9/hold", pinned: false });
    expect(Object.keys(scan!.request)).not.toContain("claude_key");
    const events = await test.service.store.listEvents(scan!.id, 0);
    expect(events[0]?.msg).toMatch(/^Scan queued \(monitor 127\.0\.0\.1:9, run now\)/);

    const deleted = await call(deleteRoute, { id, method: "DELETE" });
    expect(deleted).toMatchObject({ status: 200, body: { monitor_id: id, deleted: true } });
    expect((await test.service.store.getScan(scan!.id))?.status).toBe("cancelled");
    expect((await call(getRoute, { id })).status).toBe(404);
  });

  it("runs: an enabled monitor runs at once; the run is listed newest first with its score, last_run and trend follow", async () => {
    const id = (await create({ url: "http://127.0.0.1:9/quick", enabled: true, crawl_depth: 1 })).body.monitor_id as string;
    // Complete, then finalized by the monitor clock: its diff (the first run: everything new) is stored.
    const runs = await until(() => call(runsRoute, { id, path: `/api/monitors/${id}/runs` }), (r) => r.body.runs?.[0]?.diff != null);
    expect(runs.status).toBe(200);
    expect(runs.body.runs).toHaveLength(1);
    const [first] = runs.body.runs as Json[];
    expect(first).toMatchObject({ trigger: "schedule", status: "complete", error: null, diff: { base_scan_id: null, fixed: [], unchanged: [] } });
    expect(first!.diff.new.length).toBe(first!.violations);
    expect(typeof first!.score).toBe("number");
    expect(first!.violations).toBeGreaterThan(0);
    const monitor = (await call(getRoute, { id })).body;
    expect(monitor.last_run).toMatchObject({ scan_id: first!.scan_id, status: "complete", score: first!.score });
    expect(monitor.trend).toEqual([{ scan_id: first!.scan_id, finished_at: first!.finished_at, score: first!.score, violations: first!.violations }]);
    // Not due again before its interval: a tick starts nothing.
    expect(Date.parse(monitor.next_run_at)).toBeGreaterThan(Date.now() + 55 * 60_000);
    test.service.monitors.kick();
    await test.service.monitors.idle();
    expect((await call(runsRoute, { id, path: `/api/monitors/${id}/runs?limit=5` })).body.runs).toHaveLength(1);
    expect((await call(runsRoute, { id, path: `/api/monitors/${id}/runs?limit=0` })).body.error.message).toMatch(/^limit: /);
  });
});

describe("the OpenAPI document", () => {
  it("publishes every monitor route and the webhook signature scheme", () => {
    const doc = buildOpenApiDocument();
    expect(Object.keys(doc.paths ?? {})).toEqual(expect.arrayContaining(["/api/monitors", "/api/monitors/{monitor_id}", "/api/monitors/{monitor_id}/run", "/api/monitors/{monitor_id}/runs"]));
    const post = doc.paths?.["/api/monitors"]?.post;
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "422"]));
    expect(post?.description).toMatch(/X-APO-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>\.<raw body>"/);
    expect(post?.description).toMatch(/X-APO-Timestamp/);
    expect(post?.description).toMatch(/X-APO-Delivery/);
    expect(post?.description).toMatch(/5 minutes/);
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(["Monitor", "MonitorCreated", "WebhookPayload"]));
    const hook = doc.webhooks?.["monitor.run.completed"]?.post;
    expect(hook?.description).toMatch(/X-APO-Signature/);
    expect(JSON.stringify(hook?.parameters)).toContain("X-APO-Delivery");
  });
});
