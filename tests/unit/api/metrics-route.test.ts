import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { GET } from "@/app/api/metrics/route";
import { acquireStreamSlot } from "@/lib/api/stream-slots";
import { resetEnvCache } from "@/lib/env";
import { engineRestarted, recordScanEnded, resetMetrics } from "@/lib/metrics/metrics";
import { metricsAccess } from "@/lib/metrics/metrics-auth";
import { queueScan, runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// GET /api/metrics on the real scan service and embedded store: off without APO_METRICS_TOKEN,
// 401 with a wrong token, Prometheus text with the queue read from the store at scrape time.

const TOKEN = "metrics-token-5b1e0c7a9d";
let test: TestService;

const scrape = (authorization?: string) =>
  GET(new NextRequest("http://127.0.0.1/api/metrics", { headers: authorization ? { authorization } : {} }), { params: Promise.resolve({}) });

/** The value of one series in the text exposition, e.g. `apo_scans_running{scope="cluster"}`. */
function sample(text: string, series: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

beforeAll(async () => {
  resetMetrics();
  test = await startTestService(runsUntilStopped, { workerId: "unit-metrics", env: { APO_METRICS_TOKEN: TOKEN } });
}, 180_000);
afterAll(() => test?.stop());

describe("metricsAccess", () => {
  it("is disabled without a configured token, allows only the exact bearer token", () => {
    expect(metricsAccess(undefined, `Bearer ${TOKEN}`)).toBe("disabled");
    expect(metricsAccess(TOKEN, `Bearer ${TOKEN}`)).toBe("allowed");
    expect(metricsAccess(TOKEN, `bearer ${TOKEN}`)).toBe("allowed");
    for (const header of [null, "", TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, "Bearer "]) {
      expect(metricsAccess(TOKEN, header)).toBe("denied");
    }
  });
});

describe("GET /api/metrics", () => {
  it("404 when APO_METRICS_TOKEN is unset: nothing leaks by default", async () => {
    const saved = process.env.APO_METRICS_TOKEN;
    delete process.env.APO_METRICS_TOKEN;
    resetEnvCache();
    try {
      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("apo_");
    } finally {
      process.env.APO_METRICS_TOKEN = saved;
      resetEnvCache();
    }
  });

  it("401 without the token or with a wrong one, with a Bearer challenge", async () => {
    for (const header of [undefined, "Bearer wrong-token"]) {
      const res = await scrape(header);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("apo_queue_depth");
    }
  });

  it("serves queue depth and running scans read from the store, outcomes, durations, SSE clients, engine restarts and process metrics", async () => {
    const alice = { id: "alice@metrics.test", via: "token" as const };
    // One running (the worker's one slot), two queued.
    const [first] = [await queueScan(alice), await queueScan(alice), await queueScan(alice)];
    const until = Date.now() + 10_000;
    while ((await test.service.store.getScan(first!.scan_id))?.status !== "running" && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    recordScanEnded("complete", 42);
    recordScanEnded("error", 3);
    engineRestarted("crashed");
    const release = acquireStreamSlot("alice@metrics.test", 5);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(sample(text, "apo_queue_depth")).toBe(2);
    expect(sample(text, 'apo_scans_running{scope="cluster"}')).toBe(1);
    expect(sample(text, 'apo_scans_running{scope="process"}')).toBe(1);
    expect(sample(text, 'apo_scans_ended_total{status="complete"}')).toBe(1);
    expect(sample(text, 'apo_scan_duration_seconds_bucket{le="45",outcome="complete"}')).toBe(1);
    expect(sample(text, 'apo_scan_duration_seconds_bucket{le="30",outcome="complete"}')).toBe(0);
    expect(sample(text, 'apo_scan_duration_seconds_sum{outcome="error"}')).toBe(3);
    expect(sample(text, "apo_sse_clients")).toBe(1);
    expect(sample(text, 'apo_engine_restarts_total{reason="crashed"}')).toBe(1);
    expect(text).toContain("# TYPE apo_scan_duration_seconds histogram");
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);

    release();
    release(); // a second release frees nothing more
    const after = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(after, "apo_sse_clients")).toBe(0);
  });
});
