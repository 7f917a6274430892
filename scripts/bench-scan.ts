/**
 * npm run bench:scan — scans the local test web's compliant shop (≈10 pages) at depth 2 with all
 * four visitors and prints wall time, peak memory (this Node process + every Chromium process:
 * RSS every 200 ms and PSS every 600 ms, summed over the process tree in a worker thread) and
 * per-stage times; then repeats with 5 and 10 pages to show how time grows with the page budget.
 * Targets: ≤ 30 s, ≤ 1.5 GB on 2 cores.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScan } from "@/agents/pipeline";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import { readStatFields } from "@/lib/scans/engine/proc-stat";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startMemorySampler } from "@/tests/fixtures/memory-sampler";
import { startTestWeb } from "@/tests/fixtures/web/server";

const SITE = process.env.BENCH_SITE ?? "www.compliant.example";
const PUBLIC_ADDRESS = "93.184.216.34";
let webPort = 0;

/** utime+stime of this process, and of its children that have exited and been waited for. */
function cpuSeconds(): { self: number; children: number } {
  const f = (readStatFields(process.pid) ?? []).map(Number);
  const tick = 100; // USER_HZ on Linux
  return { self: ((f[11] ?? 0) + (f[12] ?? 0)) / tick, children: ((f[13] ?? 0) + (f[14] ?? 0)) / tick };
}

interface BenchResult {
  pages: number;
  discovered: number;
  wallMs: number;
  peakBytes: number;
  peakPssBytes: number;
  stages: Record<string, number>;
  /** CPU seconds: this process (engine + test web) and its reaped children (Chromium). */
  cpu: { node: number; chromium: number };
  status: string;
}

async function benchOnce(url: string, hostResolverRules: string, maxPages: number): Promise<BenchResult> {
  const outDir = await mkdtemp(join(tmpdir(), "apo-bench-"));
  const sampler = startMemorySampler(process.pid, { intervalMs: 200, pssEvery: 3 });
  const stages: Record<string, number> = {};
  const cpuBefore = cpuSeconds();
  const started = Date.now();
  const outcome = await runScan(
    { scanId: `bench-${maxPages}`, request: ScanRequestSchema.parse({ url, crawl_depth: 2, max_pages: maxPages, framework: "GDPR" }), outDir },
    { scanId: `bench-${maxPages}`, signal: new AbortController().signal, emit: (e) => process.env.BENCH_VERBOSE && console.error(`  ${((Date.now() - started) / 1000).toFixed(1)} s ${e.agent} ${e.level} ${e.msg}`) },
    {
      settings: engineSettingsFromEnv(),
      ignoreHTTPSErrors: true,
      // As in production: the SSRF egress proxy in front of Chromium. Every name "resolves" to a
      // public address, which the proxy then delivers to the local test web (BENCH_UNGUARDED=1
      // measures the engine without the proxy, through Chromium's resolver rules instead).
      ...(process.env.BENCH_UNGUARDED
        ? { hostResolverRules, allowPrivateTargets: true }
        : { allowPrivateTargets: false, lookup: async () => [PUBLIC_ADDRESS], egressDial: () => ({ host: "127.0.0.1", port: webPort }) }),
      // BENCH_SESSIONS_AT_ONCE compares visitor concurrency against the engine's default.
      maxConcurrentSessions: process.env.BENCH_SESSIONS_AT_ONCE ? Number(process.env.BENCH_SESSIONS_AT_ONCE) : undefined,
      onStageTime: (stage, ms) => (stages[stage] = ms),
    },
  );
  const wallMs = Date.now() - started;
  const cpuAfter = cpuSeconds();
  const { rssBytes: peak, pssBytes: peakPss } = await sampler.stop();
  await rm(outDir, { recursive: true, force: true });
  return { pages: maxPages, discovered: outcome.evidence?.discovery.nodes.length ?? 0, wallMs, peakBytes: peak, peakPssBytes: peakPss, stages, cpu: { node: cpuAfter.self - cpuBefore.self, chromium: cpuAfter.children - cpuBefore.children }, status: outcome.error ? `${outcome.status} (${outcome.error.code})` : outcome.status };
}

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const s = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const web = await startTestWeb();
  webPort = web.port;
  const url = web.url(SITE);
  console.log(`Benchmark: ${url}, depth 2, 4 sessions (test web in this process)`);
  const results: BenchResult[] = [];
  // BENCH_PAGES=10 runs one pass (for repeated timing runs); the default shows how time grows.
  const passes = (process.env.BENCH_PAGES ?? "10,5,10").split(",").map(Number).filter((n) => n > 0);
  for (const pages of passes) {
    const r = await benchOnce(url, web.hostResolverRules, pages);
    results.push(r);
    console.log(
      `max_pages ${String(pages).padStart(2)} (found ${r.discovered}): wall ${s(r.wallMs)}, peak RSS ${mb(r.peakBytes)} (PSS ${mb(r.peakPssBytes)}) | discovery ${s(r.stages.discovery)}, interaction ${s(r.stages.interaction)}, observability ${s(r.stages.observability)} | CPU node ${r.cpu.node.toFixed(1)} s, chromium ${r.cpu.chromium.toFixed(1)} s | ${r.status}`,
    );
  }
  await web.close();
  const main = results[0];
  if (main) {
    console.log(`\nResult: wall ${s(main.wallMs)} (target ≤ 30 s), peak RSS sum ${mb(main.peakBytes)}, PSS sum ${mb(main.peakPssBytes)} (target ≤ 1536 MB); load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  }
  process.exit(0);
}

void main();
