import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import type { AgentContext, ScanJob } from "@/agents/types";
import { resetEnvCache } from "@/lib/env";
import { startScanService, type ScanService } from "@/lib/scans/queue/service";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";
import type { ScanOutcome, ScanRunner } from "@/lib/scans/types";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgDriver } from "@/lib/store/pg-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { StoredEvent } from "@/lib/store/types";
import { trackySite } from "@/tests/fixtures/evidence/scenarios";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// A lost container loses no scan: scan services ("containers") on one real PostgreSQL. A container
// is lost when its timers stop (no heartbeat, no sweep, no claims) while its scan's runner hangs:
// what a frozen or partitioned process looks like to the others, which can still come back as a
// zombie. The lease (APO_STALE_SCAN_SECONDS) is 2 s here, so a take-over takes about 3 s.

const LEASE_SECONDS = 2;
const dirs: string[] = [];
let pg: TestPostgres;
const savedEnv = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { APO_STALE_SCAN_SECONDS: String(LEASE_SECONDS), APO_SCAN_MAX_ATTEMPTS: "2" });
  resetEnvCache();
  pg = await startPostgres();
  const store = new SqlStore(openPgDriver(pg.url, 2), "postgres");
  await store.migrate();
  await store.close();
});

afterAll(async () => {
  process.env = savedEnv;
  resetEnvCache();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

async function startContainer(workerId: string, runner: ScanRunner): Promise<ScanService> {
  const dataDir = mkdtempSync(join(tmpdir(), `apo-takeover-${workerId}-`));
  dirs.push(dataDir);
  const store = new SqlStore(openPgDriver(pg.url, 4), "postgres");
  return startScanService({ store, artifacts: new DiskArtifactStore(dataDir), runner, workerId, maxConcurrent: 1, pollMs: 50, heartbeatMs: 200, monitors: { tickMs: 60_000 } });
}

/** The container stops: no heartbeat, no sweep, no claim. Its scans are not ended; its runner may still return later. */
async function freeze(service: ScanService): Promise<void> {
  await service.monitors.stop();
  const worker = service.worker as unknown as { timers: NodeJS.Timeout[]; accepting: boolean };
  worker.accepting = false;
  for (const t of worker.timers) clearInterval(t);
}

async function stop(service: ScanService): Promise<void> {
  await service.monitors.stop();
  await service.worker.shutdown(200);
  await service.store.close();
}

/** What POST /api/scan does, on a given container: store the job, say it is queued, wake the worker. */
async function submit(service: ScanService, keys: { claude_key?: string } = {}): Promise<string> {
  const id = randomUUID();
  const request = ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", framework: "GDPR", crawl_depth: 1 });
  const pinned = Boolean(keys.claude_key);
  service.worker.holdSecrets(id, keys);
  const firstEvent = { agent: "system", level: "INFO", msg: `Scan queued: ${request.url}`, phase: "queued" } as const;
  await service.store.createScan({ id, owner: "ops@apo.test", url: request.url, framework: request.framework, request, workerId: pinned ? service.worker.workerId : null, pinned, firstEvent });
  service.worker.kick();
  return id;
}

/** Emits a few events, then hangs until released (ignoring any abort), then reports a complete scan: a zombie's late finish. */
function hangingRunner() {
  const started: ScanJob[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const runner: ScanRunner = async (job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> => {
    started.push(job);
    for (let i = 1; i <= 3; i++) ctx.emit({ agent: "discovery", level: "INFO", msg: `first attempt: page ${i}`, progress: i * 30, phase: "discovery" });
    await released;
    ctx.emit({ agent: "observability", level: "INFO", msg: "ZOMBIE: late event from the lost container" });
    return { status: "complete", error: null, evidence: {}, report: analyzeEvidence(trackySite(), { scanId: job.scanId, framework: "GDPR", attempt: job.attempt }), artifacts: [] };
  };
  return { runner, started, release: () => release() };
}

/** Runs the scan as the engine would: a few events, then the report built with the job's attempt (as agents/pipeline/observe.ts does). */
function completingRunner() {
  const jobs: ScanJob[] = [];
  const runner: ScanRunner = async (job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> => {
    jobs.push(job);
    for (const agent of ["discovery", "interaction", "observability"] as const) {
      ctx.emit({ agent, level: "INFO", msg: `second attempt: ${agent}`, progress: 100, phase: agent });
      await sleep(30);
    }
    return { status: "complete", error: null, evidence: {}, report: analyzeEvidence(trackySite(), { scanId: job.scanId, framework: "GDPR", attempt: job.attempt }), artifacts: [] };
  };
  return { runner, jobs };
}

/** Follows the scan from afterId until DONE, or until `stopWhen` says the client went away. */
async function follow(service: ScanService, scanId: string, afterId = 0, stopWhen: (e: StoredEvent) => boolean = () => false): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 90_000);
  try {
    for await (const e of watchScanEvents(service, scanId, afterId, controller.signal)) {
      out.push(e);
      if (e.level === "DONE" || stopWhen(e)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
}

const ids = (events: StoredEvent[]) => events.map((e) => e.id);
const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe("a lost container loses no scan", () => {
  it("another container takes the scan over and completes it as attempt 2, one stream of increasing ids, and the zombie's late finish changes nothing", async () => {
    const a = hangingRunner();
    const b = completingRunner();
    const containerA = await startContainer("container-a", a.runner);
    let containerB: ScanService | undefined;
    try {
      const scanId = await submit(containerA);
      await until("A running the scan", () => containerA.store.getScan(scanId), (s) => s?.status === "running" && s.workerId === "container-a");
      // A client follows on A (the container running it) and has seen the first attempt's events.
      const onA = await follow(containerA, scanId, 0, (e) => e.msg === "first attempt: page 3");
      // The queued line is stored with the scan, so it comes first however soon the poller claims it.
      expect(onA.slice(0, 2).map((e) => e.msg)).toEqual(["Scan queued: http://127.0.0.1:9/", "Scan started: http://127.0.0.1:9/ (GDPR)"]);
      expect(onA.slice(2).map((e) => e.msg)).toEqual(["first attempt: page 1", "first attempt: page 2", "first attempt: page 3"]);
      expect(ids(onA)).toEqual([1, 2, 3, 4, 5]);

      containerB = await startContainer("container-b", b.runner);
      const onB = follow(containerB, scanId);
      await freeze(containerA);
      const lostAt = Date.now();

      const done = await until("the scan completed on B", () => containerB!.store.getScan(scanId), (s) => s?.status === "complete", 60_000);
      const tookMs = Date.now() - lostAt;
      expect(done).toMatchObject({ status: "complete", attempt: 2, previousWorkerId: "container-a", workerId: "container-b", error: null });
      expect(b.jobs.map((j) => [j.scanId, j.attempt])).toEqual([[scanId, 2]]);
      const report = EvidenceReportSchema.parse(await containerB.store.getReport(scanId));
      expect(report.report_metadata.attempt).toBe(2);
      // Within the lease plus a sweep interval (and some slack for a loaded machine).
      expect(tookMs).toBeLessThan(30_000);

      // A watcher on B from the start: the whole log, once, in order, across both attempts.
      const streamB = await onB;
      const stored = await containerB.store.listEvents(scanId, 0);
      expect(ids(streamB)).toEqual(ids(stored));
      expect(strictlyIncreasing(ids(streamB))).toBe(true);
      const resumedAt = streamB.findIndex((e) => e.msg.startsWith("Resumed on"));
      expect(streamB[resumedAt]).toMatchObject({ agent: "system", level: "INFO" });
      expect(streamB[resumedAt]!.msg).toMatch(/^Resumed on container-b after container-a stopped \(attempt 2 of 2\)/);
      // The first attempt's events come before it, the second's after, then the one ending.
      expect(streamB.slice(0, resumedAt).map((e) => e.msg)).toContain("first attempt: page 3");
      expect(streamB.slice(resumedAt + 1).map((e) => e.msg)).toEqual([
        expect.stringMatching(/^Scan started/),
        "second attempt: discovery",
        "second attempt: interaction",
        "second attempt: observability",
        expect.stringMatching(/^Scan complete in/),
        "complete",
      ]);
      expect(streamB.filter((e) => e.level === "DONE")).toHaveLength(1);

      // The client that followed A reconnects to B with Last-Event-ID: one continuous stream.
      const resumed = await follow(containerB, scanId, onA.at(-1)!.id);
      const joined = [...onA, ...resumed];
      expect(ids(joined)).toEqual(ids(stored));
      expect(resumed[0]!.msg).toMatch(/^Resumed on container-b/);

      // The lost container was only frozen: it finishes late and tries to write its own ending.
      a.release();
      await until("A's run to end", () => containerA.worker.liveState(scanId), (l) => l === null, 30_000);
      await sleep(300);
      const after = await containerB.store.getScan(scanId);
      expect(after).toMatchObject({ status: "complete", attempt: 2, workerId: "container-b", finishedAt: done!.finishedAt });
      expect(ids(await containerB.store.listEvents(scanId, 0))).toEqual(ids(stored));
      expect((await containerB.store.listEvents(scanId, 0)).some((e) => e.msg.startsWith("ZOMBIE"))).toBe(false);
      expect(a.started).toHaveLength(1);
    } finally {
      a.release();
      await stop(containerA);
      if (containerB) await stop(containerB);
    }
  });

  it("a scan whose container is lost on its last attempt ends failed (worker_lost), and a pinned scan ends interrupted (pinned_worker_lost)", async () => {
    const a = hangingRunner();
    const b = hangingRunner();
    const containerA = await startContainer("container-a2", a.runner);
    const containerB = await startContainer("container-b2", b.runner);
    let containerC: ScanService | undefined;
    try {
      // A receives both: the scan with LLM keys stays pinned to it; B takes the other.
      await freeze(containerB);
      const plain = await submit(containerA);
      await until("A running the plain scan", () => containerA.store.getScan(plain), (s) => s?.status === "running" && s.workerId === "container-a2");
      const pinned = await submit(containerA, { claude_key: "placeholder-llm-key-never-stored" });
      expect((await containerA.store.getScan(pinned))?.pinned).toBe(true);

      await freeze(containerA);
      // B comes back (a new task of the same service) and sweeps: it takes over the plain scan; the pinned one cannot move.
      const frozenB = containerB.worker as unknown as { accepting: boolean };
      frozenB.accepting = true;
      const ended = await until(
        "the pinned scan ended",
        async () => {
          await containerB.worker.recoverStale();
          return containerB.store.getScan(pinned);
        },
        (s) => s?.status === "interrupted",
        30_000,
      );
      expect(ended!.error).toMatchObject({ code: "pinned_worker_lost", message: expect.stringMatching(/never stored.*re-run the scan and enter the keys again/i) });
      const pinnedLog = await containerB.store.listEvents(pinned, 0);
      expect(pinnedLog.slice(-2).map((e) => [e.level, e.msg])).toEqual([
        ["ERROR", ended!.error!.message],
        ["DONE", "error"],
      ]);
      expect(JSON.stringify(pinnedLog)).not.toContain("placeholder-llm-key-never-stored");

      await until("B running the plain scan as attempt 2", () => containerB.store.getScan(plain), (s) => s?.status === "running" && s.attempt === 2 && s.workerId === "container-b2", 30_000);
      await until("B's first events", () => containerB.store.listEvents(plain, 0), (es) => es.some((e) => e.msg.startsWith("Resumed on container-b2 after container-a2 stopped (attempt 2 of 2)")));
      await freeze(containerB);

      containerC = await startContainer("container-c2", completingRunner().runner);
      const onC = follow(containerC, plain);
      const failed = await until("the plain scan failed", () => containerC!.store.getScan(plain), (s) => s?.status === "error", 30_000);
      expect(failed).toMatchObject({ attempt: 2, previousWorkerId: "container-b2", error: { code: "worker_lost", message: expect.stringContaining("attempt 2 of 2") } });
      const stream = await onC;
      expect(strictlyIncreasing(ids(stream))).toBe(true);
      expect(ids(stream)).toEqual(ids(await containerC.store.listEvents(plain, 0)));
      expect(stream.slice(-2).map((e) => e.level)).toEqual(["ERROR", "DONE"]);
      expect(stream.at(-2)!.msg).toBe(failed!.error!.message);
      expect(stream.filter((e) => e.msg.startsWith("Resumed on"))).toHaveLength(1);
    } finally {
      a.release();
      b.release();
      await stop(containerA);
      await stop(containerB);
      if (containerC) await stop(containerC);
    }
  });

  it("a container that shuts down hands its unfinished scans back at once: another re-runs one as attempt 2, a pinned one ends pinned_worker_lost", async () => {
    // A lease of two minutes here: a take-over within the test's bounds can only be the hand-back.
    process.env.APO_STALE_SCAN_SECONDS = "120";
    resetEnvCache();
    const a = hangingRunner();
    const b = completingRunner();
    const containerA = await startContainer("container-a3", a.runner);
    let containerB: ScanService | undefined;
    try {
      const plain = await submit(containerA);
      await until("A running the scan", () => containerA.store.getScan(plain), (s) => s?.status === "running" && s.workerId === "container-a3");
      // Waits behind the running scan: A holds its LLM key in memory.
      const pinned = await submit(containerA, { claude_key: "placeholder-llm-key-shutdown" });
      containerB = await startContainer("container-b3", b.runner);

      // SIGTERM on A (a deploy replacing the task): the running scan outlives the grace period.
      const handedBackAt = Date.now();
      await containerA.worker.shutdown(200);
      const pinnedEnd = await containerA.store.getScan(pinned);
      expect(pinnedEnd).toMatchObject({ status: "interrupted", error: { code: "pinned_worker_lost" } });
      expect(JSON.stringify(await containerA.store.listEvents(pinned, 0))).not.toContain("placeholder-llm-key-shutdown");

      // B takes the plain scan at its next poll, well before the lease would have expired.
      const done = await until("the scan completed on B", () => containerB!.store.getScan(plain), (s) => s?.status === "complete", 30_000);
      expect(done).toMatchObject({ attempt: 2, previousWorkerId: "container-a3", workerId: "container-b3", error: null });
      expect(b.jobs.map((j) => j.scanId)).toEqual([plain]);
      const log = await containerB.store.listEvents(plain, 0);
      expect(strictlyIncreasing(ids(log))).toBe(true);
      const resumed = log.find((e) => e.msg.startsWith("Resumed on"));
      expect(resumed?.msg).toMatch(/^Resumed on container-b3 after container-a3 stopped \(attempt 2 of 2\)/);
      // Long before the lease (120 s) could have expired.
      expect(Date.parse(resumed!.timestamp) - handedBackAt).toBeLessThan(30_000);
      expect(log.filter((e) => e.level === "DONE")).toHaveLength(1);
      expect(log.some((e) => e.msg.startsWith("ZOMBIE"))).toBe(false);
    } finally {
      a.release();
      await containerA.monitors.stop();
      await containerA.store.close();
      if (containerB) await stop(containerB);
      process.env.APO_STALE_SCAN_SECONDS = String(LEASE_SECONDS);
      resetEnvCache();
    }
  });
});
