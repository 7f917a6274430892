import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ScanRunner } from "@/lib/scans/types";
import { startScanService, type ScanService, type StartOptions } from "@/lib/scans/queue/service";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgDriver, type PgDriverOptions } from "@/lib/store/pg-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { StoredEvent } from "@/lib/store/types";
import { sampleReport } from "@/tests/unit/support/sample-report";

// Two scan services ("containers") on one PostgreSQL: A runs a scripted scan, B follows it the way
// GET /api/stream does on a container that does not run the scan. Used by the cross-container
// stream tests and by scripts/bench-sse.ts. Both live in one Node process, each with its own
// pool and its own LISTEN session, so every event travels A → Postgres → B's session → B's read.

export interface ServicePair {
  a: ScanService;
  b: ScanService;
  /** Scans B's worker ran: must stay empty (every scan here is pinned to A). */
  ranOnB: string[];
  stop(): Promise<void>;
}

export interface PairOptions {
  dataDir: string;
  runner: ScanRunner;
  /** B's stream settings (LISTEN on/off, polling interval). */
  streamB?: StartOptions["stream"];
  /** B's LISTEN session (application_name lets a test find and terminate its backend). */
  driverB?: PgDriverOptions;
}

export async function startServicePair(url: string, o: PairOptions): Promise<ServicePair> {
  const storeA = new SqlStore(openPgDriver(url, 4), "postgres");
  await storeA.migrate();
  const storeB = new SqlStore(openPgDriver(url, 4, o.driverB), "postgres");
  const ranOnB: string[] = [];
  const common = { artifacts: new DiskArtifactStore(o.dataDir), maxConcurrent: 2, pollMs: 20, heartbeatMs: 500, monitors: { tickMs: 60_000 } };
  const a = await startScanService({ ...common, store: storeA, runner: o.runner, workerId: `a-${randomUUID().slice(0, 8)}` });
  const b = await startScanService({
    ...common,
    store: storeB,
    workerId: `b-${randomUUID().slice(0, 8)}`,
    stream: o.streamB,
    runner: async (job) => {
      ranOnB.push(job.scanId);
      return { status: "error", error: { code: "engine_error", message: "B must not run this scan" }, evidence: null, report: null, artifacts: [] };
    },
  });
  return {
    a,
    b,
    ranOnB,
    async stop() {
      for (const s of [a, b]) {
        await s.monitors.stop();
        await s.worker.shutdown(500);
        await s.feed.stop();
        await s.store.close();
      }
    },
  };
}

/** When each tick was emitted on A (performance.now(), this process's clock), by message. */
export type EmitTimes = Map<string, number>;

/** A runner that emits `count` events `tick <i>`, one every intervalMs, then completes with a real report. */
export function tickingRunner(count: number, intervalMs: number, sentAt: EmitTimes, onTick?: (i: number) => unknown): ScanRunner {
  return async (job, ctx) => {
    for (let i = 1; i <= count && !ctx.signal.aborted; i++) {
      const msg = `tick ${i}`;
      sentAt.set(msg, performance.now());
      ctx.emit({ agent: "discovery", level: "INFO", msg, progress: Math.round((i / count) * 100) });
      await onTick?.(i);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    return { status: "complete", error: null, evidence: {}, report: sampleReport(job.scanId), artifacts: [] };
  };
}

/** Queues a scan only A's worker may claim (pinned), as create-scan does: the row, then the queued event. */
export async function queueScanOnA(pair: ServicePair): Promise<string> {
  const id = randomUUID();
  await pair.a.store.createScan({
    id,
    owner: "streams@apo.test",
    url: "http://127.0.0.1:9/",
    framework: "GDPR",
    request: { url: "http://127.0.0.1:9/", framework: "GDPR", crawl_depth: 1, use_llm: false },
    workerId: pair.a.worker.workerId,
    pinned: true,
    firstEvent: { agent: "system", level: "INFO", msg: "Scan queued" },
  });
  return id;
}

export interface Arrival {
  event: StoredEvent;
  at: number;
}

/** Follows the scan from B until DONE (or the timeout), noting when each event arrived. */
export async function followOnB(pair: ServicePair, scanId: string, timeoutMs: number, onEvent?: (e: StoredEvent, index: number) => unknown): Promise<Arrival[]> {
  const out: Arrival[] = [];
  for await (const event of watchScanEvents(pair.b, scanId, 0, AbortSignal.timeout(timeoutMs))) {
    out.push({ event, at: performance.now() });
    await onEvent?.(event, out.length - 1);
    if (event.level === "DONE") break;
  }
  return out;
}

/** Emit on A → arrival on B, in ms, for every tick that arrived. */
export function tickLatencies(arrivals: Arrival[], sentAt: EmitTimes): number[] {
  return arrivals.flatMap(({ event, at }) => {
    const sent = sentAt.get(event.msg);
    return sent === undefined ? [] : [at - sent];
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
