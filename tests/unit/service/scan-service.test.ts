import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { resetEnvCache } from "@/lib/env";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";
import { listScans } from "@/lib/scans/use-cases/list-scans";
import { setScanService, startScanService, type ScanService } from "@/lib/scans/queue/service";
import type { ScanOutcome, ScanRunner } from "@/lib/scans/types";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { StoredEvent } from "@/lib/store/types";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { sampleReport } from "@/tests/unit/support/sample-report";

// The queue, event hub and SSE watcher around a scripted runner, on one embedded database.

const CANARY = "canary-claude-7f3a9c0e1d2b4a6f";
const alice = { id: "alice@apo.test", via: "token" as const };
const bob = { id: "bob@apo.test", via: "token" as const };
const dataDir = mkdtempSync(join(tmpdir(), "apo-unit-svc-"));
const seenRequests: ScanJob["request"][] = [];

/** Emits `steps` events, waits `stepMs` between them, honours abort; `hang` waits for abort. */
function scripted(opts: { steps?: number; stepMs?: number; hang?: boolean } = {}): ScanRunner {
  return async (job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> => {
    seenRequests.push(job.request);
    const agents = ["discovery", "interaction", "observability"] as const;
    for (let i = 0; i < (opts.steps ?? 6); i++) {
      if (ctx.signal.aborted) return { status: "cancelled", error: null, evidence: null, report: null, artifacts: [] };
      const agent = agents[Math.min(2, Math.floor(i / 2))]!;
      ctx.emit({ agent, level: "INFO", msg: `step ${i} key=${job.request.claude_key ?? "none"}`, progress: ((i % 2) + 1) * 50, phase: agent });
      await new Promise((r) => setTimeout(r, opts.stepMs ?? 20));
    }
    if (opts.hang) await new Promise((r) => ctx.signal.addEventListener("abort", r, { once: true }));
    if (ctx.signal.aborted) return { status: "cancelled", error: null, evidence: null, report: null, artifacts: [] };
    return { status: "complete", error: null, evidence: {}, report: sampleReport(job.scanId), artifacts: [] };
  };
}

let service: ScanService;
let runner: ScanRunner = scripted();
const request = (extra: Record<string, unknown> = {}) => ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", crawl_depth: 1, ...extra });

async function collect(scanId: string, afterId = 0): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of watchScanEvents(service, scanId, afterId, new AbortController().signal)) out.push(e);
  return out;
}

beforeAll(async () => {
  process.env.APO_ALLOW_PRIVATE_TARGETS = "true";
  process.env.APO_DATA_DIR = dataDir;
  resetEnvCache();
  const store = new SqlStore(await openPgliteDriver(join(dataDir, "db")), "embedded");
  await store.migrate();
  service = await startScanService({ store, artifacts: new DiskArtifactStore(dataDir), runner: (j, c) => runner(j, c), maxConcurrent: 1, workerId: "unit", pollMs: 50, heartbeatMs: 200 });
  setScanService(Promise.resolve(service));
}, 180_000);

afterAll(async () => {
  await service.worker.shutdown(100);
  await service.store.close();
  setScanService(undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("scan lifecycle", () => {
  it("streams every event in order with increasing ids and ends with DONE complete", async () => {
    runner = scripted();
    const created = await createScan(alice, request());
    expect(created.status).toBe("queued");
    const events = await collect(created.scan_id);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ agent: "system", level: "INFO" });
    expect(events.filter((e) => e.msg.startsWith("step")).map((e) => e.msg.split(" ")[1])).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(events.at(-1)).toMatchObject({ agent: "system", level: "DONE", msg: "complete" });
    const status = await getScanStatus(alice, created.scan_id);
    expect(status).toMatchObject({ status: "complete", progress: { discovery: 100, interaction: 100, observability: 100 } });
    // A client arriving late gets the whole log; one resuming with Last-Event-ID gets the rest.
    expect(await collect(created.scan_id)).toEqual(events);
    expect((await collect(created.scan_id, 3)).map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
  });

  it("fans out to two watchers identically while the scan runs", async () => {
    runner = scripted({ steps: 8, stepMs: 30 });
    const created = await createScan(alice, request());
    const [a, b] = await Promise.all([collect(created.scan_id), collect(created.scan_id)]);
    expect(a.length).toBeGreaterThan(8);
    expect(b).toEqual(a);
  });

  it("the queued line comes first even when a worker claims the scan before the request has finished", async () => {
    runner = scripted({ steps: 3, stepMs: 5 });
    // Hold the request after the insert until the poller has claimed the scan and run it: the
    // moment where a queued line written after the insert used to land behind the run's events.
    const position = vi.spyOn(service.store, "queuePosition").mockImplementationOnce(async (id) => {
      await expect.poll(async () => (await service.store.getScan(id))?.status, { timeout: 10_000 }).toBe("complete");
      return null;
    });
    try {
      const created = await createScan(alice, request());
      const events = await collect(created.scan_id);
      expect(events[0]).toMatchObject({ id: 1, agent: "system", phase: "queued", msg: "Scan queued: http://127.0.0.1:9/" });
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.msg.startsWith("step"))).toHaveLength(3);
    } finally {
      position.mockRestore();
    }
  });

  it("a watcher of a scan running here takes its events from the hub: the store's notices add no reads", async () => {
    // The embedded store notifies every insert into scan_events (event_notify migration) before the
    // hub shows that batch here; the watcher must not answer each notice with a store read.
    expect(service.feed.mode()).toBe("listening");
    runner = scripted({ steps: 10, stepMs: 30 });
    const created = await createScan(alice, request());
    await expect.poll(async () => (await getScanStatus(alice, created.scan_id)).status).toBe("running");
    const reads = vi.spyOn(service.store, "listEvents");
    try {
      const events = await collect(created.scan_id);
      expect(events.filter((e) => e.msg.startsWith("step"))).toHaveLength(10);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      // The backlog read at the start, and at most one more where a batch raced the subscription.
      expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      reads.mockRestore();
    }
  });

  it("queues beyond the concurrency limit with positions, and cancels queued and running scans", async () => {
    runner = scripted({ hang: true, steps: 1 });
    const first = await createScan(alice, request());
    const second = await createScan(alice, request());
    const third = await createScan(alice, request());
    await expect.poll(async () => (await getScanStatus(alice, first.scan_id)).status).toBe("running");
    expect((await getScanStatus(alice, second.scan_id)).queue_position).toBe(1);
    expect((await getScanStatus(alice, third.scan_id)).queue_position).toBe(2);
    expect(await cancelScan(alice, second.scan_id)).toBe("cancelled");
    expect((await getScanStatus(alice, third.scan_id)).queue_position).toBe(1);
    expect(await cancelScan(alice, first.scan_id)).toBe("cancelled");
    const log = await collect(first.scan_id);
    expect(log.at(-1)).toMatchObject({ level: "DONE", msg: "error", phase: "cancelled" });
    await expect.poll(async () => (await getScanStatus(alice, third.scan_id)).status).toBe("running");
    await cancelScan(alice, third.scan_id);
  });

  it("hides another user's scans", async () => {
    runner = scripted({ steps: 1 });
    const created = await createScan(alice, request());
    await expect(getScanStatus(bob, created.scan_id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getScanStatus(bob, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect((await listScans(bob, 10, 0)).total).toBe(0);
    await collect(created.scan_id);
  });

  it("keeps LLM keys in memory only: the runner gets them, nothing stored or returned contains them", async () => {
    runner = scripted({ steps: 2 });
    // Everything the process logs while the scan runs, to search it too.
    const logged: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const tap = (orig: typeof out) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (orig as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof out;
    process.stdout.write = tap(out);
    process.stderr.write = tap(err);
    let created: Awaited<ReturnType<typeof createScan>>;
    let events: StoredEvent[];
    try {
      created = await createScan(alice, request({ use_llm: true, claude_key: CANARY, openai_key: CANARY + "-oa" }));
      events = await collect(created.scan_id);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(logged.some((l) => l.includes(created.scan_id))).toBe(true);
    expect(logged.join("")).not.toContain(CANARY);
    expect(seenRequests.some((r) => r.claude_key === CANARY)).toBe(true);
    const dump = JSON.stringify([created, events, await getScanStatus(alice, created.scan_id), await listScans(alice, 100, 0)]);
    expect(dump).not.toContain(CANARY);
    expect(events.some((e) => e.msg.includes("[redacted]"))).toBe(true);
    await service.hub.flush(created.scan_id);
    // Every file in the data folder, the database's pages included.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dataDir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(f).includes(CANARY), f).toBe(false);
  });

  it("limits scan creation per owner by what the store holds, whichever process asks", async () => {
    runner = scripted({ steps: 1 });
    process.env.APO_RATE_LIMIT_PER_MINUTE = "2";
    resetEnvCache();
    try {
      const carol = { id: "carol@apo.test", via: "token" as const };
      const accepted = [await createScan(carol, request()), await createScan(carol, request())];
      // No in-process limiter was consulted here (the route's): the count comes from the database,
      // as it would for a request landing on another container.
      const refused = await createScan(carol, request()).then(() => null, (err: unknown) => err);
      expect(refused).toMatchObject({ code: "rate_limited" });
      const retryAfter = Number((refused as { headers: Record<string, string> }).headers["Retry-After"]);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Someone else is not held back by carol's scans.
      accepted.push(await createScan(bob, request()));
      // Let them finish so the queue is empty for the next test.
      for (const created of accepted) expect((await collect(created.scan_id)).at(-1)).toMatchObject({ level: "DONE", msg: "complete" });
    } finally {
      delete process.env.APO_RATE_LIMIT_PER_MINUTE;
      resetEnvCache();
    }
  });

  it("interrupts running scans on shutdown after the grace period, with DONE", async () => {
    runner = scripted({ hang: true, steps: 1 });
    const created = await createScan(alice, request());
    await expect.poll(async () => (await getScanStatus(alice, created.scan_id)).status).toBe("running");
    const watching = collect(created.scan_id);
    await service.worker.shutdown(50);
    const events = await watching;
    expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "error", phase: "interrupted" });
    expect((await service.store.getScan(created.scan_id))?.status).toBe("interrupted");
    await expect(createScan(alice, request())).rejects.toMatchObject({ code: "service_unavailable" });
  });
});
