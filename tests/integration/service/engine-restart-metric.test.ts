import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createProcessRunner } from "@/lib/scans/engine/engine-process";
import type { EngineStart } from "@/lib/scans/engine/engine-entry";
import { metrics } from "@/lib/metrics/metrics";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import type { ScanOutcome } from "@/lib/scans/types";
import { tempDir } from "../engine/helpers";

// apo_engine_restarts_total counts engine child processes that ended without an outcome, with a
// real child process: one killed from outside, one that cannot start (with and without the
// in-process fallback). A scan that completes counts nothing.

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fixture = (name: string): EngineStart => ({ entry: join(repoRoot, "tests/integration/service/fixtures", name), execArgv: [], kind: "bundle" });
const job = async (scanId: string, mode: string) => ({ scanId, outDir: await tempDir(`restart-metric-${mode}`), request: ScanRequestSchema.parse({ url: "https://www.example.com/" }) });

async function restarts(): Promise<Record<string, number>> {
  const { values } = await metrics().engineRestarts.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.reason), v.value]));
}

function run(start: EngineStart, scan: Awaited<ReturnType<typeof job>>, opts: { onFirstEvent?: (pid: number) => void; fallback?: () => Promise<ScanOutcome> } = {}) {
  let pid = -1;
  let first = true;
  return createProcessRunner({ start, watchMs: 200, onSpawn: (p) => (pid = p), fallback: opts.fallback })(scan, {
    scanId: scan.scanId,
    signal: new AbortController().signal,
    emit: () => {
      if (first) {
        first = false;
        opts.onFirstEvent?.(pid);
      }
    },
  });
}

describe("apo_engine_restarts_total", () => {
  it("counts a crash, a failed start (fallback or not), and nothing for a scan that completes", async () => {
    const before = await restarts();
    const done = await run(fixture("scripted-engine.mjs"), await job("scripted-3", "ok"));
    expect(done.status).toBe("complete");
    expect(await restarts()).toEqual(before);

    const killed = await run(fixture("scripted-engine.mjs"), await job("stubborn", "killed"), { onFirstEvent: (pid) => process.kill(pid, "SIGKILL") });
    expect(killed.error?.code).toBe("engine_crashed");
    const noStart = await run(fixture("no-start-engine.mjs"), await job("no-start", "no-start"));
    expect(noStart.error?.code).toBe("engine_crashed");
    const fallback = await run(fixture("no-start-engine.mjs"), await job("no-start", "fallback"), { fallback: async () => ({ status: "complete", error: null, evidence: null, report: null, artifacts: [] }) });
    expect(fallback.status).toBe("complete");

    const after = await restarts();
    expect((after.crashed ?? 0) - (before.crashed ?? 0)).toBe(2);
    expect((after.start_failed ?? 0) - (before.start_failed ?? 0)).toBe(1);
  });
});
