import type { OpenAPIRegistry, ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { WebhookDeliveryListSchema, WebhookPayloadSchema } from "@/lib/schemas/monitor";
import { DeliveryListQuerySchema, WebhookTestQueuedSchema } from "@/lib/schemas/webhook-api";

// The webhook part of the OpenAPI document: the delivery log and test-event routes, and the event
// APO sends (an OpenAPI 3.1 `webhooks` entry, with the headers a receiver verifies).

interface Shared {
  security: Array<Record<string, string[]>>;
  json: (schema: z.ZodType, description: string) => ResponseConfig;
  err: (description: string) => ResponseConfig;
}

export const WEBHOOK_SIGNATURE_DOC =
  "Each attempt carries `X-APO-Timestamp` (unix seconds) and `X-APO-Signature: sha256=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\" keyed with the monitor's webhook_secret>`. Recompute it over the raw body, compare in constant time and refuse timestamps more than 5 minutes off (replay protection, as in Stripe's scheme). `X-APO-Delivery` is the same on every retry of one event: use it to deduplicate. Non-2xx, a redirect or no answer within APO_WEBHOOK_TIMEOUT_SECONDS is retried with exponential backoff (APO_WEBHOOK_RETRY_BASE_MS doubling, capped at 1 h) up to APO_WEBHOOK_MAX_ATTEMPTS.";

export function registerWebhookPaths(r: OpenAPIRegistry, { security, json, err }: Shared): void {
  const monitorId = z.object({ monitor_id: z.uuid() });
  const notMine = err("Unknown monitor, or not the caller's");
  const unauthorized = err("Missing, invalid, expired or revoked credentials");
  const WebhookPayload = WebhookPayloadSchema.meta({ id: "WebhookPayload" });

  r.registerPath({
    method: "get", path: "/api/monitors/{monitor_id}/deliveries", summary: "The monitor's webhook delivery log (newest first, each with its attempts)", security,
    request: { params: monitorId, query: DeliveryListQuerySchema },
    responses: { 200: json(WebhookDeliveryListSchema, "Deliveries"), 400: err("Invalid limit"), 401: unauthorized, 404: notMine },
  });
  r.registerPath({
    method: "post", path: "/api/monitors/{monitor_id}/webhook/test", summary: "Send a signed `monitor.test` event now (follow it in the delivery log)", security,
    request: { params: monitorId },
    responses: { 202: json(WebhookTestQueuedSchema, "Queued and being sent"), 401: unauthorized, 404: notMine, 409: err("The monitor has no webhook_url") },
  });
  r.registerWebhook({
    method: "post", path: "monitor.run.completed", summary: "After each completed monitor run (narrowed by the monitor's alert_on); `monitor.test` has the same shape",
    description: WEBHOOK_SIGNATURE_DOC,
    request: {
      headers: z.object({
        "X-APO-Event": z.enum(["monitor.run.completed", "monitor.test"]),
        "X-APO-Delivery": z.uuid(),
        "X-APO-Timestamp": z.string().describe("Unix seconds when this attempt was sent; part of the signed text"),
        "X-APO-Signature": z.string().describe("sha256=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\">"),
        "User-Agent": z.literal("APO-Webhooks/1"),
      }),
      body: { content: { "application/json": { schema: WebhookPayload } } },
    },
    responses: { 200: { description: "Any 2xx marks the delivery delivered; anything else (including 3xx) is retried" } },
  });
}
