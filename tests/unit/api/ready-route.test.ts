import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/ready/route";
import { resetEnvCache } from "@/lib/env";
import { markDraining, resetDraining } from "@/lib/readiness/draining";
import { browserCheck, setBrowserCheck, STORE_PING_TIMEOUT_MS } from "@/lib/readiness/service-readiness";
import { setScanService } from "@/lib/scans/queue/service";
import { openPgDriver } from "@/lib/store/pg-driver";
import { SqlStore } from "@/lib/store/sql-store";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// GET /api/ready on the real scan service and embedded store, with the real Chromium launch
// check: 200 when both answer, 503 naming the failed check, 503 while draining; the browser is
// launched once however often the probe runs.

let test: TestService;

async function probe(): Promise<{ status: number; body: { status: string; checks: Record<string, { status: string; detail?: string }> } }> {
  const res = await GET();
  expect(res.headers.get("cache-control")).toBe("no-store");
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  setBrowserCheck(undefined);
  test = await startTestService(runsUntilStopped, { workerId: "unit-ready" });
}, 180_000);
afterAll(async () => {
  setBrowserCheck(undefined);
  resetDraining();
  await test?.stop();
});

describe("GET /api/ready", () => {
  it("200 ready when the store answers and the scanner's Chromium starts; probes reuse the one launch", async () => {
    let answer = await probe();
    // The first probes may come before the first launch has finished (503, "not finished yet").
    const until = Date.now() + 60_000;
    while (answer.status !== 200 && Date.now() < until) {
      expect(answer.body.checks.browser?.detail ?? "").toMatch(/has not finished yet|^$/);
      await new Promise((r) => setTimeout(r, 250));
      answer = await probe();
    }
    expect(answer).toEqual({ status: 200, body: { status: "ready", checks: { store: { status: "ok" }, browser: { status: "ok" } } } });
    for (let i = 0; i < 5; i++) expect((await probe()).status).toBe(200);
    expect(browserCheck().launches).toBe(1);
  }, 90_000);

  it("503 draining once SIGTERM started the drain", async () => {
    markDraining();
    try {
      const answer = await probe();
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe("draining");
    } finally {
      resetDraining();
    }
  });

  it("503 naming the browser when the configured Chromium does not exist", async () => {
    const saved = process.env.APO_CHROMIUM_PATH;
    process.env.APO_CHROMIUM_PATH = "/nonexistent/apo-chromium";
    resetEnvCache();
    setBrowserCheck(undefined);
    try {
      const answer = await probe();
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe("not_ready");
      expect(answer.body.checks.store).toEqual({ status: "ok" });
      expect(answer.body.checks.browser?.status).toBe("failed");
      expect(answer.body.checks.browser?.detail).toContain("/nonexistent/apo-chromium");
    } finally {
      if (saved === undefined) delete process.env.APO_CHROMIUM_PATH;
      else process.env.APO_CHROMIUM_PATH = saved;
      resetEnvCache();
      setBrowserCheck(undefined);
    }
  });

  it("503 naming the store when it does not answer within the ping's timeout", async () => {
    // A database endpoint that accepts the connection and never says a word (a hung pooler).
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    const hung = new SqlStore(openPgDriver(`postgres://apo@127.0.0.1:${port}/apo`, 1), "postgres");
    setScanService(Promise.resolve({ ...test.service, store: hung }));
    try {
      const started = Date.now();
      const answer = await probe();
      expect(Date.now() - started).toBeLessThan(STORE_PING_TIMEOUT_MS + 3_000);
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe("not_ready");
      expect(answer.body.checks.store).toEqual({ status: "failed", detail: expect.stringContaining(`the database did not answer within ${STORE_PING_TIMEOUT_MS} ms`) });
    } finally {
      setScanService(Promise.resolve(test.service));
      silent.close();
      void hung.close().catch(() => undefined);
    }
  });
});
