import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/api/errors";
import { MonitorSchema, type Monitor } from "@/lib/schemas/monitor";
import { createMonitor, listMonitorRuns, runMonitorNow, sendTestWebhook, updateMonitor } from "@/lib/ui/monitor-api";
import { ApiCallError } from "@/lib/ui/scan-api";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const monitor: Monitor = MonitorSchema.parse({
  monitor_id: id(1),
  name: "www.shop.example",
  url: "https://www.shop.example/",
  framework: "CCPA",
  frameworks: ["CCPA"],
  region: null,
  crawl_depth: 2,
  max_pages: null,
  interval_minutes: 60,
  webhook_url: "https://hooks.example/apo",
  alert_on: "any_run",
  use_llm: false,
  enabled: true,
  created_at: "2026-12-04T10:00:00Z",
  updated_at: "2026-12-04T10:00:00Z",
  next_run_at: "2026-12-04T11:00:00Z",
  last_run: null,
  trend: [],
});

/** Each call to fetch answers with the next response, as the route handlers would send it. */
function serve(...responses: Response[]) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next;
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}
afterEach(() => vi.unstubAllGlobals());

describe("the browser's monitor API client", () => {
  it("creates a monitor and reads the secret shown once", async () => {
    const fetchMock = serve(Response.json({ ...monitor, webhook_secret: "whsec_abc" }, { status: 201 }));
    const made = await createMonitor({ url: "https://www.shop.example/", framework: "CCPA", crawl_depth: 2, interval_minutes: 60, alert_on: "any_run", use_llm: false, enabled: true });
    expect(made.webhook_secret).toBe("whsec_abc");
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/monitors");
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe("POST");
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toMatchObject({ interval_minutes: 60 });
  });
  it("reads a rotated secret from PATCH, and a plain monitor without one", async () => {
    serve(Response.json({ ...monitor, webhook_secret: "whsec_new" }), Response.json(monitor));
    expect((await updateMonitor(id(1), { rotate_webhook_secret: true })).webhook_secret).toBe("whsec_new");
    expect((await updateMonitor(id(1), { enabled: false })).webhook_secret).toBeUndefined();
  });
  it("turns a 409 into a conflict the page can explain, and a 400 into its field message", async () => {
    serve(errorResponse("conflict", "A run of this monitor is in progress", "r1"), errorResponse("validation_error", "interval_minutes: must be at least 60", "r2"));
    await expect(runMonitorNow(id(1))).rejects.toMatchObject({ status: 409, code: "conflict" });
    const err = await createMonitor({ url: "https://x.example/", framework: "CCPA", crawl_depth: 2, interval_minutes: 5, alert_on: "any_run", use_llm: false, enabled: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).message).toBe("interval_minutes: must be at least 60");
  });
  it("refuses answers that do not match the contract", async () => {
    serve(Response.json({ runs: [{ scan_id: "not-a-uuid" }] }), Response.json({ delivery_id: id(3) }, { status: 202 }));
    await expect(listMonitorRuns(id(1))).rejects.toMatchObject({ code: "invalid_response" });
    expect(await sendTestWebhook(id(1))).toEqual({ delivery_id: id(3) });
  });
});
