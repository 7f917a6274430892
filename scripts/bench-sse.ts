// Cross-container SSE latency: how long an event emitted by a scan on one container takes to reach
// a stream on another (emit on A → INSERT → NOTIFY → B's LISTEN session → B reads scan_events →
// B's watchScanEvents yields it). Two scan services on one real PostgreSQL (started here unless
// BENCH_SSE_DATABASE_URL is given), each with its own pool and LISTEN session; a scripted scan on
// A emits BENCH_SSE_EVENTS events every BENCH_SSE_INTERVAL_MS. Target: p99 ≤ 250 ms.
//
//   npx tsx scripts/bench-sse.ts                      prints p50/p99 and PASS/FAIL
//   import { measureCrossContainerSse } from "./bench-sse"   (npm run bench:scale)
//
// The measurement runs in a child Node process with the react-server condition (the scan service
// is server-only code), so any script can import this one.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmitTimes } from "../tests/support/cross-container";

export interface SseLatency {
  /** Milliseconds from emit on A to arrival on B. */
  p50: number;
  p99: number;
  max: number;
  /** Events measured. */
  n: number;
  /** B followed by LISTEN ("listening") or fell back to polling. */
  mode: "listening" | "polling";
  /** Every event arrived once, in order, ending at DONE. */
  complete: boolean;
}

export interface SseBenchOptions {
  /** A PostgreSQL to use; default: a throwaway PostgreSQL 15 started for the run. */
  databaseUrl?: string;
  events?: number;
  intervalMs?: number;
}

const MARK = "BENCH_SSE_RESULT ";
const here = fileURLToPath(import.meta.url);
const root = resolve(here, "..", "..");

export function measureCrossContainerSse(options: SseBenchOptions = {}): Promise<SseLatency> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", here], {
      cwd: root,
      env: {
        ...process.env,
        BENCH_SSE_CHILD: "1",
        BENCH_SSE_DATABASE_URL: options.databaseUrl ?? process.env.BENCH_SSE_DATABASE_URL ?? "",
        BENCH_SSE_EVENTS: String(options.events ?? process.env.BENCH_SSE_EVENTS ?? 500),
        BENCH_SSE_INTERVAL_MS: String(options.intervalMs ?? process.env.BENCH_SSE_INTERVAL_MS ?? 5),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(MARK));
      if (code === 0 && line) resolvePromise(JSON.parse(line.slice(MARK.length)) as SseLatency);
      else reject(new Error(`bench-sse child exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** In the child: two services, a warm-up scan, then the measured one. */
async function measureHere(): Promise<SseLatency> {
  const dataDir = mkdtempSync(join(tmpdir(), "apo-bench-sse-"));
  Object.assign(process.env, { APO_DATA_DIR: dataDir, APO_LOG_LEVEL: process.env.APO_LOG_LEVEL ?? "warn" });
  const { startPostgres } = await import("../tests/support/postgres");
  const cc = await import("../tests/support/cross-container");
  const pg = process.env.BENCH_SSE_DATABASE_URL ? null : await startPostgres();
  const url = process.env.BENCH_SSE_DATABASE_URL || pg!.url;
  const events = Number(process.env.BENCH_SSE_EVENTS);
  const intervalMs = Number(process.env.BENCH_SSE_INTERVAL_MS);
  const sentAt: EmitTimes = new Map();
  let count = 20;
  // B polls only after a minute: what arrives sooner came by notification.
  const pair = await cc.startServicePair(url, {
    dataDir,
    runner: (job, ctx) => cc.tickingRunner(count, intervalMs, sentAt)(job, ctx),
    streamB: { pollMs: 60_000, safetyMs: 60_000 },
  });
  try {
    await cc.followOnB(pair, await cc.queueScanOnA(pair), 60_000);
    count = events;
    sentAt.clear();
    const scanId = await cc.queueScanOnA(pair);
    const arrivals = await cc.followOnB(pair, scanId, 120_000 + events * intervalMs * 4);
    const ids = arrivals.map((a) => a.event.id);
    const stored = await pair.a.store.listEvents(scanId, 0, 100_000);
    const complete =
      ids.every((id, i) => id === i + 1) && arrivals.at(-1)?.event.level === "DONE" && ids.length === stored.length && arrivals.filter((a) => a.event.msg.startsWith("tick ")).length === events;
    const latencies = cc.tickLatencies(arrivals, sentAt);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      p50: round(cc.percentile(latencies, 50)),
      p99: round(cc.percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
      n: latencies.length,
      mode: pair.b.feed.mode(),
      complete,
    };
  } finally {
    await pair.stop();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const TARGET_P99_MS = 250;

if (process.argv[1] && resolve(process.argv[1]) === here) {
  if (process.env.BENCH_SSE_CHILD === "1") {
    measureHere()
      .then((r) => {
        process.stdout.write(`${MARK}${JSON.stringify(r)}\n`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  } else {
    measureCrossContainerSse()
      .then((r) => {
        const ok = r.complete && r.mode === "listening" && r.p99 <= TARGET_P99_MS;
        console.log(`${ok ? "PASS" : "FAIL"}  cross-container SSE latency (${r.n} events, ${r.mode}${r.complete ? "" : ", INCOMPLETE stream"}): p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (target p99 ≤ ${TARGET_P99_MS} ms)`);
        if (!ok) process.exitCode = 1;
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exitCode = 1;
      });
  }
}
