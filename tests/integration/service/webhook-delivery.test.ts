import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createResolveGuard } from "@/agents/safety";
import { resetEnvCache } from "@/lib/env";
import { sendDueDeliveries, type DispatchOptions } from "@/lib/monitors/webhook-dispatcher";
import { buildRunPayload } from "@/lib/monitors/webhook-payload";
import { newWebhookSecret, sealSecret } from "@/lib/monitors/webhook-secret";
import { verifyWebhook } from "@/lib/monitors/webhook-signature";
import { MonitorDiffSchema } from "@/lib/schemas/monitor";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { DeliveryRecord } from "@/lib/store/types";
import { certificateFor } from "@/tests/fixtures/web/cert";
import { isolateEnv } from "@/tests/support/isolate-env";

// The outbox end to end on the embedded store: a real receiver on loopback answers as each test
// scripts it, and the dispatcher is called the way a container's tick calls it, until the
// delivery settles. Retries are milliseconds apart here (APO_WEBHOOK_RETRY_BASE_MS-style override).

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let dataDir: string;
let store: SqlStore;
let server: Server;
let base: string;
let received: Received[] = [];
let respond: (req: Received, res: ServerResponse, index: number) => void = (_r, res) => res.writeHead(204).end();

isolateEnv({ APO_ALLOW_PRIVATE_TARGETS: "true", APO_ALLOWED_PRIVATE_CIDRS: undefined, APO_JWT_SECRET: "integration-webhook-secret-0123456789abcdef" });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "apo-webhooks-"));
  store = new SqlStore(await openPgliteDriver(join(dataDir, "db")), "embedded");
  await store.migrate();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      respond(r, res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  respond = (_r, res) => res.writeHead(204).end();
});

const fast = { APO_WEBHOOK_RETRY_BASE_MS: 5, APO_WEBHOOK_MAX_ATTEMPTS: 6, APO_WEBHOOK_TIMEOUT_SECONDS: 2 };

/** A monitor with a webhook to `url` and one queued run event; returns the secret and the stored payload. */
async function queuedEvent(url: string) {
  const secret = newWebhookSecret();
  const monitor = await store.createMonitor({
    id: randomUUID(), owner: "hook-owner", name: "shop", url: "https://shop.example/", request: { framework: "GDPR", crawl_depth: 1, use_llm: false },
    intervalMinutes: 60, webhookUrl: url, webhookSecretSealed: sealSecret(secret), alertOn: "any_run", enabled: true,
  });
  const deliveryId = randomUUID();
  // The event's run: an ordinary scan started through the monitor (deliveries reference it).
  const run = await store.startMonitorRun(monitor.id, { id: randomUUID(), owner: monitor.owner, url: monitor.url, framework: "GDPR", request: { url: monitor.url, framework: "GDPR", crawl_depth: 1, use_llm: false }, workerId: null, pinned: false }, "manual");
  const scanId = run!.id;
  const diff = MonitorDiffSchema.parse({
    base_scan_id: randomUUID(), changed: true,
    new: [{ fingerprint: "TRACKING_BEFORE_CONSENT|GDPR|Meta", violation_type: "TRACKING_BEFORE_CONSENT", framework: "GDPR", severity: "HIGH", rule_title: "Tracking before consent", parties: ["Meta"] }],
    fixed: [], unchanged: [], trackers: [], verdict_changes: [],
    policy: { changed: false, url_before: null, url_after: null, sha256_before: null, sha256_after: null, diff: [], diff_truncated: false },
    score_before: 90, score_after: 70,
  });
  const payload = JSON.stringify(buildRunPayload({ deliveryId, monitor: { id: monitor.id, name: monitor.name, url: monitor.url }, scanId, diff, score: 70, reportUrl: `http://localhost:8000/scans/${scanId}` }));
  await store.enqueueDelivery({ id: deliveryId, monitorId: monitor.id, scanId, eventType: "monitor.run.completed", payload });
  return { monitor, deliveryId, secret, payload };
}

/** Ticks the dispatcher until the delivery is no longer pending (bounded). */
async function settle(monitorId: string, deliveryId: string, options: Partial<DispatchOptions> = {}, deadlineMs = 8_000): Promise<DeliveryRecord> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    await sendDueDeliveries({ store, env: fast, ...options });
    const d = (await store.listDeliveries(monitorId, 10)).find((x) => x.id === deliveryId)!;
    if (d.status !== "pending") return d;
    if (Date.now() > until) throw new Error(`delivery still pending after ${deadlineMs} ms: ${JSON.stringify(d.attempts)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("webhook delivery", () => {
  it("a receiver that fails twice then succeeds gets the event once, signed, with 500, 500, 204 logged", async () => {
    respond = (_r, res, i) => (i < 2 ? res.writeHead(500, { "content-type": "text/plain" }).end("receiver internals: stack trace") : res.writeHead(204).end());
    const { monitor, deliveryId, secret, payload } = await queuedEvent(`${base}/hooks/apo?channel=ops`);
    const d = await settle(monitor.id, deliveryId);

    expect(d.status).toBe("delivered");
    expect(d.deliveredAt).not.toBeNull();
    expect(d.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 204]);
    expect(d.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(d.attempts.map((a) => a.error)).toEqual(["HTTP 500", "HTTP 500", null]);
    // The receiver's body is never kept.
    expect(JSON.stringify(d)).not.toContain("stack trace");

    expect(received).toHaveLength(3);
    const accepted = received[2]!;
    expect(accepted.path).toBe("/hooks/apo?channel=ops");
    expect(accepted.body).toBe(payload);
    expect(accepted.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "APO-Webhooks/1",
      "x-apo-event": "monitor.run.completed",
      "x-apo-delivery": deliveryId,
    });
    for (const r of received) {
      expect(verifyWebhook({ secret, rawBody: r.body, signatureHeader: r.headers["x-apo-signature"] as string, timestampHeader: r.headers["x-apo-timestamp"] as string })).toEqual({ ok: true });
    }
    expect(verifyWebhook({ secret: newWebhookSecret(), rawBody: accepted.body, signatureHeader: accepted.headers["x-apo-signature"] as string, timestampHeader: accepted.headers["x-apo-timestamp"] as string }).ok).toBe(false);
    // Settled: later ticks send nothing more.
    expect(await sendDueDeliveries({ store, env: fast })).toBe(0);
    expect(received).toHaveLength(3);
  });

  it("a receiver that does not answer within the timeout is logged as a timeout and retried", async () => {
    // The first request is left hanging (never answered); the second is accepted.
    respond = (_r, res, i) => {
      if (i > 0) res.writeHead(200).end("ok");
    };
    const { monitor, deliveryId } = await queuedEvent(`${base}/slow`);
    const started = Date.now();
    const d = await settle(monitor.id, deliveryId, { env: { ...fast, APO_WEBHOOK_TIMEOUT_SECONDS: 0.3 } });
    expect(d.status).toBe("delivered");
    expect(d.attempts[0]).toMatchObject({ attempt: 1, responseStatus: null, error: expect.stringMatching(/^timeout/) as unknown });
    expect(d.attempts[0]!.durationMs).toBeGreaterThanOrEqual(250);
    expect(d.attempts[0]!.durationMs).toBeLessThan(2_000);
    expect(d.attempts[1]).toMatchObject({ attempt: 2, responseStatus: 200, error: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a receiver that always fails ends failed after APO_WEBHOOK_MAX_ATTEMPTS, and is not tried again", async () => {
    respond = (_r, res) => res.writeHead(503).end();
    const { monitor, deliveryId } = await queuedEvent(`${base}/down`);
    const d = await settle(monitor.id, deliveryId, { env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 4 } });
    expect(d.status).toBe("failed");
    expect(d.attempts.map((a) => a.responseStatus)).toEqual([503, 503, 503, 503]);
    expect(d.nextAttemptAt).toBeNull();
    expect(d.deliveredAt).toBeNull();
    expect(received).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 30));
    expect(await sendDueDeliveries({ store, env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 4 } })).toBe(0);
    expect(received).toHaveLength(4);
  });

  it("spaces the retries out exponentially (base × 2^(attempt−1))", async () => {
    respond = (_r, res) => res.writeHead(500).end();
    const { monitor, deliveryId } = await queuedEvent(`${base}/backoff`);
    await sendDueDeliveries({ store, env: { ...fast, APO_WEBHOOK_RETRY_BASE_MS: 60_000 } });
    const [d] = (await store.listDeliveries(monitor.id, 10)).filter((x) => x.id === deliveryId);
    expect(d!.status).toBe("pending");
    const wait = d!.nextAttemptAt!.getTime() - d!.attempts[0]!.at.getTime();
    // 60 s plus up to 10% jitter (the clocks of the store and this process agree to a second).
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThan(67_000);
    // Not due yet: a tick right now sends nothing.
    expect(await sendDueDeliveries({ store, env: fast })).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("without APO_ALLOW_PRIVATE_TARGETS a webhook to 127.0.0.1 is refused: the receiver sees nothing and the attempt is logged", async () => {
    delete process.env.APO_ALLOW_PRIVATE_TARGETS;
    resetEnvCache();
    const { monitor, deliveryId } = await queuedEvent(`${base}/private`);
    const d = await settle(monitor.id, deliveryId, { env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 2 } });
    expect(d.status).toBe("failed");
    expect(d.attempts).toHaveLength(2);
    for (const a of d.attempts) expect(a).toMatchObject({ responseStatus: null, error: expect.stringMatching(/^address not allowed \(127\.0\.0\.1 is a loopback address\)/) as unknown });
    expect(received).toHaveLength(0);
  });

  it("APO_ALLOWED_PRIVATE_CIDRS (an intranet range) never opens loopback to a webhook", async () => {
    delete process.env.APO_ALLOW_PRIVATE_TARGETS;
    process.env.APO_ALLOWED_PRIVATE_CIDRS = "10.0.0.0/8";
    resetEnvCache();
    const { monitor, deliveryId } = await queuedEvent(`${base}/cidr`);
    const d = await settle(monitor.id, deliveryId, { env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 1 } });
    expect(d.attempts[0]!.error).toMatch(/^address not allowed/);
    expect(received).toHaveLength(0);
  });

  it("connects to the address the guard vetted, not to a fresh DNS answer", async () => {
    // A name no resolver here knows: only the guard's (vetted) answer can take the request to the receiver.
    const port = (server.address() as AddressInfo).port;
    const guard = createResolveGuard({ allowPrivate: true, lookup: async () => ["127.0.0.1"] });
    const { monitor, deliveryId } = await queuedEvent(`http://hooks.webhooks-pinned.example:${port}/pinned`);
    const d = await settle(monitor.id, deliveryId, { guard });
    expect(d.status).toBe("delivered");
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.host).toBe(`hooks.webhooks-pinned.example:${port}`);
    // A guard that vets another loopback address (where nothing listens): the socket goes there, not to 127.0.0.1.
    received = [];
    const elsewhere = createResolveGuard({ allowPrivate: true, lookup: async () => ["127.0.0.2"] });
    const second = await queuedEvent(`http://hooks.webhooks-pinned.example:${port}/pinned`);
    const d2 = await settle(second.monitor.id, second.deliveryId, { guard: elsewhere, env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 1 } });
    expect(d2.status).toBe("failed");
    expect(d2.attempts[0]!.error).toBe("connection failed (ECONNREFUSED)");
    expect(received).toHaveLength(0);
  });

  it("https: the receiver's certificate is verified (a self-signed one is a failed attempt and no request is sent)", async () => {
    const tls = createTlsServer(await certificateFor(["hooks.webhooks-tls.example"]), (req, res) => {
      received.push({ path: req.url ?? "", headers: req.headers, body: "" });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    try {
      const port = (tls.address() as AddressInfo).port;
      const guard = createResolveGuard({ allowPrivate: true, lookup: async () => ["127.0.0.1"] });
      const { monitor, deliveryId } = await queuedEvent(`https://hooks.webhooks-tls.example:${port}/tls`);
      const d = await settle(monitor.id, deliveryId, { guard, env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 1 } });
      expect(d.status).toBe("failed");
      expect(d.attempts[0]!.error).toBe("connection failed (DEPTH_ZERO_SELF_SIGNED_CERT)");
      expect(received).toHaveLength(0);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it("does not follow a redirect: a 3xx is a failed attempt and the target is never requested", async () => {
    respond = (r, res) => (r.path === "/moved" ? res.writeHead(307, { location: `${base}/landing` }).end() : res.writeHead(204).end());
    const { monitor, deliveryId } = await queuedEvent(`${base}/moved`);
    const d = await settle(monitor.id, deliveryId, { env: { ...fast, APO_WEBHOOK_MAX_ATTEMPTS: 2 } });
    expect(d.status).toBe("failed");
    expect(d.attempts.map((a) => [a.responseStatus, a.error])).toEqual([
      [307, "redirect (307) not followed"],
      [307, "redirect (307) not followed"],
    ]);
    expect(received.map((r) => r.path)).toEqual(["/moved", "/moved"]);
  });

  it("a monitor whose webhook was removed since fails the delivery at once with a clear error", async () => {
    const { monitor, deliveryId } = await queuedEvent(`${base}/gone`);
    await store.updateMonitor(monitor.id, monitor.owner, { webhookUrl: null, webhookSecretSealed: null });
    const d = await settle(monitor.id, deliveryId);
    expect(d.status).toBe("failed");
    expect(d.attempts).toEqual([expect.objectContaining({ attempt: 1, responseStatus: null, error: "the monitor has no webhook any more" })]);
    expect(received).toHaveLength(0);
  });
});
