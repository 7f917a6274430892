import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { GET as listDeliveries } from "@/app/api/monitors/[monitorId]/deliveries/route";
import { POST as sendTest } from "@/app/api/monitors/[monitorId]/webhook/test/route";
import { signApiToken } from "@/lib/auth/api-token";
import { newWebhookSecret, sealSecret } from "@/lib/monitors/webhook-secret";
import { verifyWebhook } from "@/lib/monitors/webhook-signature";
import { WebhookDeliveryListSchema, WebhookPayloadSchema, type WebhookDelivery } from "@/lib/schemas/monitor";
import { isolateEnv } from "@/tests/support/isolate-env";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "@/tests/support/webhook-receiver";

// GET /api/monitors/{id}/deliveries and POST /api/monitors/{id}/webhook/test through their route
// handlers, on the embedded store, with a real receiver on loopback for the test event.

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const OWNER = "owner@apo.test";
let test: TestService;
let receiver: WebhookReceiver;
let receiverUrl: string;
let received: ReceivedWebhook[] = [];

beforeAll(async () => {
  test = await startTestService(runsUntilStopped, { workerId: "unit-webhook-routes" });
  receiver = await startWebhookReceiver("/hook");
  ({ received, url: receiverUrl } = receiver);
}, 120_000);
afterAll(async () => {
  await receiver.close();
  await test.stop();
});
beforeEach(() => {
  received.length = 0;
});

// isolateEnv restores the environment of before startTestService after each test: the loopback receiver needs this again.
isolateEnv({ APO_JWT_SECRET: SECRET, APO_ALLOW_PRIVATE_TARGETS: "true", APO_WEBHOOK_TIMEOUT_SECONDS: "2" });

const call = async (handler: typeof listDeliveries, method: string, monitorId: string, who: string | null, suffix: string) => {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${await signApiToken({ sub: who, ttlSeconds: 600, secret: SECRET })}` } : {};
  return handler(new NextRequest(`http://localhost:8000/api/monitors/${monitorId}${suffix}`, { method, headers }), { params: Promise.resolve({ monitorId }) });
};
const getLog = (id: string, who: string | null = OWNER, query = "") => call(listDeliveries, "GET", id, who, `/deliveries${query}`);
const postTest = (id: string, who: string | null = OWNER) => call(sendTest, "POST", id, who, "/webhook/test");

async function monitorWith(webhook: { url: string; secret: string } | null) {
  return test.service.store.createMonitor({
    id: randomUUID(), owner: OWNER, name: "shop", url: "https://shop.example/", request: { framework: "GDPR", crawl_depth: 1, use_llm: false },
    intervalMinutes: 60, webhookUrl: webhook?.url ?? null, webhookSecretSealed: webhook ? sealSecret(webhook.secret) : null, alertOn: "any_run", enabled: true,
  });
}

/** Polls the log through the route until the delivery is no longer pending (bounded). */
async function settled(monitorId: string, deliveryId: string): Promise<WebhookDelivery> {
  const until = Date.now() + 5_000;
  for (;;) {
    const body = WebhookDeliveryListSchema.parse(await (await getLog(monitorId)).json());
    const d = body.deliveries.find((x) => x.delivery_id === deliveryId);
    if (d && d.status !== "pending") return d;
    if (Date.now() > until) throw new Error(`not settled: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("POST /api/monitors/{monitor_id}/webhook/test", () => {
  it("202 with a delivery id; the signed monitor.test event reaches the receiver and shows in the log", async () => {
    const secret = newWebhookSecret();
    const monitor = await monitorWith({ url: receiverUrl, secret });
    const res = await postTest(monitor.id);
    expect(res.status).toBe(202);
    const { delivery_id } = (await res.json()) as { delivery_id: string };
    expect(delivery_id).toMatch(/^[0-9a-f-]{36}$/);

    const d = await settled(monitor.id, delivery_id);
    expect(d).toMatchObject({ delivery_id, monitor_id: monitor.id, scan_id: null, event_type: "monitor.test", status: "delivered", next_attempt_at: null });
    expect(d.attempts).toEqual([expect.objectContaining({ attempt: 1, response_status: 204, error: null })]);
    expect(d.delivered_at).not.toBeNull();

    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r!.headers["x-apo-event"]).toBe("monitor.test");
    expect(r!.headers["x-apo-delivery"]).toBe(delivery_id);
    expect(verifyWebhook({ secret, rawBody: r!.body, signatureHeader: r!.headers["x-apo-signature"] as string, timestampHeader: r!.headers["x-apo-timestamp"] as string })).toEqual({ ok: true });
    expect(WebhookPayloadSchema.parse(JSON.parse(r!.body))).toMatchObject({ type: "monitor.test", delivery_id, monitor_id: monitor.id });
  });

  it("409 conflict when the monitor has no webhook; nothing is queued", async () => {
    const monitor = await monitorWith(null);
    const res = await postTest(monitor.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect(await test.service.store.listDeliveries(monitor.id, 10)).toEqual([]);
  });

  it("404 for another user's monitor, an unknown id and a malformed id; 401 without credentials", async () => {
    const monitor = await monitorWith({ url: receiverUrl, secret: newWebhookSecret() });
    expect((await postTest(monitor.id, "intruder@apo.test")).status).toBe(404);
    expect((await postTest(randomUUID())).status).toBe(404);
    expect((await postTest("not-a-uuid")).status).toBe(404);
    expect((await postTest(monitor.id, null)).status).toBe(401);
    expect(await test.service.store.listDeliveries(monitor.id, 10)).toEqual([]);
    expect(received).toHaveLength(0);
  });
});

describe("GET /api/monitors/{monitor_id}/deliveries", () => {
  it("the owner sees the log newest first with attempts; another user gets 404", async () => {
    const monitor = await monitorWith({ url: receiverUrl, secret: newWebhookSecret() });
    const first = (await (await postTest(monitor.id)).json()) as { delivery_id: string };
    await settled(monitor.id, first.delivery_id);
    const second = (await (await postTest(monitor.id)).json()) as { delivery_id: string };
    await settled(monitor.id, second.delivery_id);

    const res = await getLog(monitor.id);
    expect(res.status).toBe(200);
    const body = WebhookDeliveryListSchema.parse(await res.json());
    expect(body.deliveries.map((d) => d.delivery_id)).toEqual([second.delivery_id, first.delivery_id]);
    expect(body.deliveries.every((d) => d.attempts.length === 1)).toBe(true);
    expect(WebhookDeliveryListSchema.parse(await (await getLog(monitor.id, OWNER, "?limit=1")).json()).deliveries).toHaveLength(1);
    expect((await getLog(monitor.id, OWNER, "?limit=0")).status).toBe(400);

    const other = await getLog(monitor.id, "intruder@apo.test");
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "not_found", message: "Monitor not found" });
    expect((await getLog("not-a-uuid")).status).toBe(404);
    expect((await getLog(monitor.id, null)).status).toBe(401);
  });
});
