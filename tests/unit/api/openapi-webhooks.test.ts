import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi";

describe("OpenAPI: webhooks", () => {
  it("publishes the delivery log, the test event and the event APO sends with its signature headers", () => {
    const doc = buildOpenApiDocument();
    const deliveries = doc.paths?.["/api/monitors/{monitor_id}/deliveries"]?.get;
    expect(Object.keys(deliveries?.responses ?? {})).toEqual(expect.arrayContaining(["200", "401", "404"]));
    const test = doc.paths?.["/api/monitors/{monitor_id}/webhook/test"]?.post;
    expect(Object.keys(test?.responses ?? {})).toEqual(expect.arrayContaining(["202", "404", "409"]));
    const hook = doc.webhooks?.["monitor.run.completed"] as { post?: { parameters?: Array<{ name: string; in: string }>; description?: string } } | undefined;
    expect(hook?.post?.parameters?.filter((p) => p.in === "header").map((p) => p.name)).toEqual(expect.arrayContaining(["X-APO-Signature", "X-APO-Timestamp", "X-APO-Delivery", "X-APO-Event"]));
    expect(hook?.post?.description).toMatch(/HMAC-SHA256/);
    expect(doc.components?.schemas).toHaveProperty("WebhookPayload");
  });
});
