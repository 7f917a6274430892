import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { findEngineStart, type EngineStart } from "@/lib/scans/engine/engine-entry";
import { ENGINE_NICE } from "@/lib/scans/engine/engine-priority";
import { createProcessRunner, type ProcessRunnerOptions } from "@/lib/scans/engine/engine-process";
import type { ScanOutcome } from "@/lib/scans/types";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { readStatFields } from "@/lib/scans/engine/proc-stat";
import { processTree } from "@/tests/fixtures/proc";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir } from "../engine/helpers";

// The service's runner with a real child process: a scripted stand-in for the cases a real scan
// cannot make happen on purpose (an engine that ignores cancel, one that never ends, one that
// cannot start), and the real engine (lib/scans/engine/engine-child.ts through tsx, as under next dev) for
// a whole scan, a cancel and a SIGKILL from outside.

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fixture = (name: string): EngineStart => ({ entry: join(repoRoot, "tests/integration/service/fixtures", name), execArgv: [], kind: "bundle" });

type Event = Parameters<AgentContext["emit"]>[0];

/** /proc/<pid>/stat's state letter, or null when there is no such process. */
const procState = (pid: number) => readStatFields(pid)?.[0] ?? null;
/** A numbered field of /proc/<pid>/stat, counted from the state (0) after the command name. */
const statField = (pid: number, index: number) => Number(readStatFields(pid)?.[index]);
const niceOf = (pid: number) => statField(pid, 16);
const sessionOf = (pid: number) => statField(pid, 3);
function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}
/** A zombie is dead: it only waits for a parent (here possibly a PID 1 that does not reap) to read its status. */
const alive = (pid: number) => {
  const state = procState(pid);
  return state !== null && state !== "Z";
};

/** Every process below root. */
const descendants = (root: number) => processTree(root).slice(1);

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesBelow(path)));
    else out.push(path);
  }
  return out;
}

interface Started {
  outcome: Promise<ScanOutcome>;
  events: Event[];
  arrivals: number[];
  abort: AbortController;
  pid: () => number;
  /** Resolves with the first event that matches. */
  eventMatching: (test: (e: Event) => boolean) => Promise<Event>;
}

function startRun(options: Omit<ProcessRunnerOptions, "onSpawn">, job: ScanJob, onSpawn?: (pid: number) => void): Started {
  const events: Event[] = [];
  const arrivals: number[] = [];
  const waiters: Array<{ test: (e: Event) => boolean; resolve: (e: Event) => void }> = [];
  const abort = new AbortController();
  let pid = -1;
  const runner = createProcessRunner({
    ...options,
    onSpawn: (p) => {
      pid = p;
      onSpawn?.(p);
    },
  });
  const outcome = runner(job, {
    scanId: job.scanId,
    signal: abort.signal,
    emit: (e) => {
      events.push(e);
      arrivals.push(Date.now());
      for (const w of waiters.filter((w) => w.test(e))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    },
  });
  return {
    outcome,
    events,
    arrivals,
    abort,
    pid: () => pid,
    eventMatching: (test) => new Promise((resolve) => {
      const seen = events.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    }),
  };
}

const scriptedJob = (scanId: string, outDir: string): ScanJob => ({ scanId, outDir, request: ScanRequestSchema.parse({ url: "https://www.example.com/" }) });

describe("the engine's child process: protocol and process handling (scripted stand-in)", () => {
  it("forwards every event in order before the outcome; Dates and bytes in the outcome survive", async () => {
    const run = startRun({ start: fixture("scripted-engine.mjs") }, scriptedJob("scripted-500", await tempDir("engine-scripted")));
    const outcome = await run.outcome;
    const resolvedAt = Date.now();
    expect(run.events.map((e) => e.msg)).toEqual(Array.from({ length: 500 }, (_, i) => `event ${i}`));
    expect(run.arrivals.every((t) => t <= resolvedAt)).toBe(true);
    expect(outcome.status).toBe("complete");
    const evidence = outcome.evidence as { at: unknown };
    expect(evidence.at).toBeInstanceOf(Date);
    expect((evidence.at as Date).toISOString()).toBe("2026-01-02T03:04:05.678Z");
    expect((outcome.report as { bytes: unknown }).bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(await waitFor(() => !alive(run.pid()), 2_000)).toBe(true);
  });

  it("kills an engine that ignores a cancel after the grace period, with its detached Chromium-like child and profile", async () => {
    const run = startRun({ start: fixture("scripted-engine.mjs"), cancelGraceMs: 500, watchMs: 200 }, scriptedJob("stubborn", await tempDir("engine-stubborn")));
    const browser = await run.eventMatching((e) => e.msg.startsWith("browser "));
    const [, grandchild = "0", profile = ""] = browser.msg.split(" ");
    expect(alive(Number(grandchild))).toBe(true);
    expect(existsSync(profile)).toBe(true);
    const abortedAt = Date.now();
    run.abort.abort("cancelled");
    const outcome = await run.outcome;
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    expect(outcome.status).toBe("cancelled");
    expect(outcome.error?.code).toBe("cancelled");
    expect(await waitFor(() => !alive(run.pid()) && !alive(Number(grandchild)), 3_000)).toBe(true);
    expect(existsSync(profile)).toBe(false);
  });

  it("a cancel while the child is still starting ends it at once, and the job is never sent", async () => {
    const run = startRun({ start: fixture("scripted-engine.mjs") }, scriptedJob("scripted-5", await tempDir("engine-early-cancel")));
    run.abort.abort("cancelled");
    const outcome = await run.outcome;
    expect(outcome.status).toBe("cancelled");
    expect(outcome.error).toEqual({ code: "cancelled", message: "Cancelled before the scan engine started." });
    expect(run.events).toEqual([]);
    expect(await waitFor(() => !alive(run.pid()), 2_000)).toBe(true);
  });

  it("kills an engine that outlives the backstop and says it timed out", async () => {
    const run = startRun({ start: fixture("scripted-engine.mjs"), backstopMs: 1_500, watchMs: 200 }, scriptedJob("stubborn", await tempDir("engine-backstop")));
    const browser = await run.eventMatching((e) => e.msg.startsWith("browser "));
    const outcome = await run.outcome;
    expect(outcome.status).toBe("error");
    expect(outcome.error?.code).toBe("timeout");
    expect(await waitFor(() => !alive(run.pid()) && !alive(Number(browser.msg.split(" ")[1])), 3_000)).toBe(true);
  });

  it("reports an engine killed from outside as engine_crashed and ends what it left running", async () => {
    const run = startRun({ start: fixture("scripted-engine.mjs"), watchMs: 200 }, scriptedJob("stubborn", await tempDir("engine-killed")));
    const browser = await run.eventMatching((e) => e.msg.startsWith("browser "));
    const [, grandchild = "0", profile = ""] = browser.msg.split(" ");
    // Let the runner's watch note the grandchild: after the kill it belongs to init.
    await new Promise((r) => setTimeout(r, 600));
    process.kill(run.pid(), "SIGKILL");
    const outcome = await run.outcome;
    expect(outcome.status).toBe("error");
    expect(outcome.error).toEqual({ code: "engine_crashed", message: "The scan engine process exited with signal SIGKILL before the scan finished." });
    expect(await waitFor(() => !alive(Number(grandchild)), 3_000)).toBe(true);
    expect(existsSync(profile)).toBe(false);
  });

  it("runs the scan with the fallback when the entry dies before it is ready, and says so without one", async () => {
    const outDir = await tempDir("engine-no-start");
    const marker: ScanOutcome = { status: "complete", error: null, evidence: "fallback", report: null, artifacts: [] };
    let fellBack = 0;
    const withFallback = await startRun({ start: fixture("no-start-engine.mjs"), fallback: async () => (fellBack++, marker) }, scriptedJob("no-start", outDir)).outcome;
    expect(fellBack).toBe(1);
    expect(withFallback).toBe(marker);
    const without = await startRun({ start: fixture("no-start-engine.mjs") }, scriptedJob("no-start", outDir)).outcome;
    expect(without.status).toBe("error");
    expect(without.error?.code).toBe("engine_crashed");
    expect(without.error?.message).toContain("exited with code 3");
  });
});

/** The promise, or a failure that says how far the scan got, well before the test's own timeout. */
async function diagnosed<T>(promise: Promise<T>, describe: () => string, ms = 240_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the engine in ${ms / 1000} s; ${describe()}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const describeRun = (events: Array<{ agent: string; level: string; msg: string }>, stages: string[], output: string) =>
  `stages: ${stages.join(", ")}; last events: ${events.slice(-8).map((e) => `${e.agent} ${e.level} ${e.msg}`).join(" | ")}; engine output: ${output.slice(-1500)}`;

describe("the engine's child process: real scans (lib/scans/engine/engine-child.ts through tsx)", () => {
  const CANARY = "canary-engine-ipc-key-5d4c3b2a19087f6e";
  const OPENAI_CANARY = "canary-engine-ipc-openai-0a1b2c3d4e5f";
  const envKeys = ["APO_HOST_RESOLVER_RULES", "APO_IGNORE_HTTPS_ERRORS", "APO_ALLOW_PRIVATE_TARGETS"] as const;
  const saved = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
  let web: TestWeb;
  let start: EngineStart;

  beforeAll(async () => {
    web = await startTestWeb();
    // The child inherits this process's environment, as it inherits the server's.
    process.env.APO_HOST_RESOLVER_RULES = web.hostResolverRules;
    process.env.APO_IGNORE_HTTPS_ERRORS = "true";
    process.env.APO_ALLOW_PRIVATE_TARGETS = "true";
    const found = findEngineStart(repoRoot);
    expect(found?.kind).toBe("source");
    start = found as EngineStart;
  });
  afterAll(async () => {
    for (const k of envKeys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await web?.close();
  });

  it("runs a whole scan: events stream in order as they happen, the outcome round-trips, the keys stay in IPC", async () => {
    const outDir = await tempDir("engine-real");
    const request = ScanRequestSchema.parse({ url: web.url("www.tracky.example", "/", "http"), framework: "GDPR", crawl_depth: 1, max_pages: 4, claude_key: CANARY, openai_key: OPENAI_CANARY });
    let output = "";
    const exposed: string[] = [];
    const readExposed = (pid: number) => {
      for (const file of ["cmdline", "environ"]) {
        try {
          exposed.push(readFileSync(`/proc/${pid}/${file}`, "utf8"));
        } catch {
          // Ended.
        }
      }
    };
    const stages: string[] = [];
    const run = startRun(
      { start, scanOptions: { pagesPerSession: 2, timeouts: FAST_TIMEOUTS }, onOutput: (text) => (output += text), onStageTime: (stage) => stages.push(stage) },
      { scanId: "engine-real", request, outDir },
      readExposed,
    );
    // Mid-scan: the engine and every process it started (Chromium) show no key in argv or environment.
    await diagnosed(run.eventMatching((e) => e.agent === "interaction"), () => describeRun(run.events, stages, output));
    const engineTree = [run.pid(), ...descendants(run.pid())];
    for (const pid of engineTree) readExposed(pid);
    // The engine and the Chromium it started yield the CPU to the server (lib/scans/engine/engine-priority.ts):
    // the engine by its nice value; Chromium (which resets its threads' nice where it may, as root)
    // by the nice value of its session's autogroup, where the kernel schedules by autogroup.
    expect(niceOf(run.pid())).toBe(ENGINE_NICE);
    const sessionLeaders = engineTree.filter((pid) => sessionOf(pid) === pid);
    expect(sessionLeaders.length).toBeGreaterThanOrEqual(2); // the engine and its Chromium
    if (readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1") {
      // The runner lowers Chromium's when it next looks at the engine's children (every second).
      const lowered = (pid: number) => new RegExp(`nice ${ENGINE_NICE}\\b`).test(readFileSync(`/proc/${pid}/autogroup`, "utf8"));
      expect(await waitFor(() => sessionLeaders.every(lowered), 3_000), `autogroups: ${sessionLeaders.map((pid) => readFileSync(`/proc/${pid}/autogroup`, "utf8").trim()).join(", ")}`).toBe(true);
    }
    const outcome = await diagnosed(run.outcome, () => describeRun(run.events, stages, output));
    const resolvedAt = Date.now();

    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe("complete");
    const report = EvidenceReportSchema.parse(outcome.report);
    expect(report.violation_summary.total).toBeGreaterThan(0);
    expect(outcome.artifacts.map((a) => a.file)).toEqual(expect.arrayContaining(["evidence.json", "evidence_report.json", "evidence_report.pdf", "pre_consent.har"]));
    for (const a of outcome.artifacts) expect((await stat(join(outDir, a.file))).size, a.file).toBe(a.bytes);
    expect(stages).toEqual(expect.arrayContaining(["discovery", "interaction", "observability"]));

    // In order: the pipeline's first and last words, and the agents one after another.
    const msgs = run.events.map((e) => e.msg);
    expect(msgs[0]).toMatch(/^Scan engine-real started/);
    expect(run.events.at(-1)).toMatchObject({ agent: "system", level: "SUCCESS" });
    const first = (agent: string) => run.events.findIndex((e) => e.agent === agent);
    expect(first("discovery")).toBeLessThan(first("interaction"));
    expect(first("interaction")).toBeLessThan(first("observability"));
    // As they happen: the first events came long before the scan ended, not in one batch at the end.
    expect(resolvedAt - (run.arrivals[1] ?? resolvedAt)).toBeGreaterThan(2_000);
    expect(await waitFor(() => !alive(run.pid()), 3_000)).toBe(true);

    // The keys went to the child over IPC only: not in any argv, environment, output, event or file.
    expect(exposed.length).toBeGreaterThanOrEqual(4);
    for (const text of [...exposed, output, JSON.stringify(run.events)]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(OPENAI_CANARY);
    }
    for (const file of await filesBelow(outDir)) {
      const bytes = await readFile(file);
      expect(bytes.includes(CANARY), file).toBe(false);
      expect(bytes.includes(OPENAI_CANARY), file).toBe(false);
    }
  }, 300_000);

  it("cancels: the scan ends as cancelled and leaves no engine or Chromium process", async () => {
    const request = ScanRequestSchema.parse({ url: web.url("www.compliant.example"), crawl_depth: 2 });
    const run = startRun({ start }, { scanId: "engine-cancel", request, outDir: await tempDir("engine-cancel") });
    await run.eventMatching((e) => e.agent === "interaction");
    const started = [run.pid(), ...descendants(run.pid())];
    expect(started.length).toBeGreaterThan(1);
    const abortedAt = Date.now();
    run.abort.abort("cancelled");
    const outcome = await run.outcome;
    expect(outcome.status).toBe("cancelled");
    expect(Date.now() - abortedAt).toBeLessThan(15_000);
    expect(await waitFor(() => started.every((pid) => !alive(pid)), 5_000), `still running: ${started.filter(alive).join(", ")}`).toBe(true);
  }, 240_000);

  it("a SIGKILL mid-scan ends in a clear error, and the engine's Chromium does not outlive it", async () => {
    const outDir = await tempDir("engine-sigkill");
    const request = ScanRequestSchema.parse({ url: web.url("www.compliant.example"), crawl_depth: 2 });
    const run = startRun({ start }, { scanId: "engine-sigkill", request, outDir });
    await run.eventMatching((e) => e.agent === "interaction");
    // The runner notes the engine's children every second; give it one look at Chromium.
    await new Promise((r) => setTimeout(r, 1_500));
    const started = [run.pid(), ...descendants(run.pid())];
    expect(started.length).toBeGreaterThan(1);
    const profiles = new Set(started.flatMap((pid) => argvOf(pid).filter((a) => a.startsWith("--user-data-dir=")).map((a) => a.slice("--user-data-dir=".length))));
    expect(profiles.size).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(run.pid(), "SIGKILL");
    const outcome = await run.outcome;
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(outcome.status).toBe("error");
    expect(outcome.error?.code).toBe("engine_crashed");
    expect(outcome.error?.message).toContain("signal SIGKILL");
    for (const a of outcome.artifacts) expect(existsSync(join(outDir, a.file)), a.file).toBe(true);
    expect(await waitFor(() => started.every((pid) => !alive(pid)), 5_000), `still running: ${started.filter(alive).join(", ")}`).toBe(true);
    // The Chromium profile the dead engine could not remove is gone too.
    for (const dir of profiles) expect(existsSync(dir), dir).toBe(false);
  }, 240_000);
});
