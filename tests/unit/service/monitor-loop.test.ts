import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MonitorLoop } from "@/lib/monitors/monitor-loop";
import { sampleReport } from "@/tests/unit/support/sample-report";
import { queueScan, startTestService, type TestService } from "@/tests/support/test-service";

// The monitor clock: ticks never overlap (kicks during a tick coalesce into one more), a failing
// step is logged and the others still run, stop() waits for the tick in progress; and in the
// service, a scan that ends wakes the loop so ended runs are finalized without waiting a tick.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("MonitorLoop", () => {
  it("runs the steps in order, coalesces kicks during a tick, and survives a failing step", async () => {
    const order: string[] = [];
    let inTick = 0;
    let maxInTick = 0;
    const step = (name: string, fail = false) => async () => {
      inTick++;
      maxInTick = Math.max(maxInTick, inTick);
      order.push(name);
      await sleep(30);
      inTick--;
      if (fail) throw new Error(`${name} broke`);
    };
    const loop = new MonitorLoop({ tickMs: 3_600_000, startDueRuns: step("start", true), finalize: step("finalize"), deliver: step("deliver") });
    loop.start();
    loop.kick();
    loop.kick();
    loop.kick();
    await loop.idle();
    // The start tick, then one more for the three kicks made while it ran.
    expect(order).toEqual(["start", "finalize", "deliver", "start", "finalize", "deliver"]);
    expect(maxInTick).toBe(1);
    await loop.stop();
    loop.kick();
    await loop.idle();
    expect(order).toHaveLength(6);
  });

  it("ticks on its timer, waits for the tick in progress on stop, and skips ticks while the service drains", async () => {
    let ticks = 0;
    let accepting = true;
    const loop = new MonitorLoop({ tickMs: 20, startDueRuns: async () => void ticks++, isAccepting: () => accepting });
    loop.start();
    await sleep(200);
    expect(ticks).toBeGreaterThanOrEqual(3);
    accepting = false;
    await loop.idle();
    const frozen = ticks;
    await sleep(100);
    expect(ticks).toBe(frozen);
    let finished = false;
    const slow = new MonitorLoop({ tickMs: 3_600_000, startDueRuns: async () => { await sleep(100); finished = true; } });
    slow.start();
    await slow.stop();
    expect(finished).toBe(true);
  });
});

describe("in the scan service", () => {
  let test: TestService;
  const finalized: number[] = [];
  beforeAll(async () => {
    test = await startTestService(async (job) => ({ status: "complete", error: null, evidence: {}, report: sampleReport(job.scanId), artifacts: [] }), {
      workerId: "unit-monitor-loop",
      // An hour between ticks: only a kick can run the finalize step in this test.
      monitors: { tickMs: 3_600_000, finalize: async () => void finalized.push(Date.now()) },
    });
  }, 120_000);
  afterAll(() => test.stop());

  it("a scan that ends wakes the loop at once", async () => {
    await test.service.monitors.idle();
    const before = finalized.length;
    const { scan_id } = await queueScan({ id: "alice@apo.test", via: "token" });
    const end = Date.now() + 10_000;
    while (finalized.length === before && Date.now() < end) await sleep(20);
    expect(finalized.length).toBeGreaterThan(before);
    expect((await test.service.store.getScan(scan_id))?.status).toBe("complete");
  });
});
