import { fork, type ChildProcess } from "node:child_process";
import type { AgentContext, ScanJob } from "@/agents/types";
import { engineProcessEnv, getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import type { EngineStart } from "./engine-entry";
import { listLeftoverArtifacts } from "./engine-leftovers";
import { lowerPriority } from "./engine-priority";
import { engineRestarted } from "@/lib/metrics/metrics";
import { killGroupOrProcess } from "@/agents/process-group";
import { childProcesses, killGroups, removeProfiles, type ProcessStamp } from "./engine-process-tree";
import { isChildMessage, type ChildMessage, type EngineScanOptions, type ParentMessage } from "./engine-protocol";
import type { ScanOutcome, ScanRunner } from "../types";

export interface ProcessRunnerOptions {
  start: EngineStart;
  /** Passed to runScan in the child (tests shorten timeouts with it; the service passes none). */
  scanOptions?: EngineScanOptions;
  /** After a cancel, how long the engine may take to end the scan itself before it is killed. */
  cancelGraceMs?: number;
  /** Kill the engine this long after it started, whatever it is doing. Default: the scan timeout + 15 s. */
  backstopMs?: number;
  /** How often the engine's own child processes (Chromium) are noted, so they can be ended if it dies. */
  watchMs?: number;
  /** Runs the scan instead when the child exits before it is ready (a broken install), so scans still run. */
  fallback?: ScanRunner;
  onStageTime?: (stage: string, ms: number) => void;
  /** Tests: the child's pid, as soon as it exists. */
  onSpawn?: (pid: number) => void;
  /** Tests: the child's stdout and stderr, instead of this process's. */
  onOutput?: (text: string) => void;
}

/** The pipeline abandons a stuck stage 5 s after a cancel, then closes Chromium and writes partial evidence. */
const DEFAULT_CANCEL_GRACE_MS = 10_000;
const BACKSTOP_AFTER_TIMEOUT_MS = 15_000;
/** The child exits right after sending its outcome; one that lingers is killed. */
const LINGER_MS = 5_000;

type KillReason = "cancel" | "backstop" | "linger";

const EMPTY = { evidence: null, report: null, artifacts: [] } as const;

/**
 * A ScanRunner that runs each scan's engine in a child Node process (lib/scans/engine/engine-child.ts),
 * so the API's event loop only relays messages. Events are forwarded to ctx.emit as they arrive;
 * the promise resolves with the child's outcome, or with a clear error when the child dies first.
 * The job, LLM keys included (the request's and any server keys the scan may use), goes to the
 * child over IPC only; its environment is an allow-list without the server's secrets.
 */
export function createProcessRunner(options: ProcessRunnerOptions): ScanRunner {
  return (job, ctx) => new EngineRun(options, job, ctx).result;
}

/** Engine processes alive in this server: a server that exits takes them and their Chromium along. */
const live = new Set<EngineRun>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const run of live) run.killNow();
  });
}

class EngineRun {
  readonly result: Promise<ScanOutcome>;
  private settle!: (outcome: ScanOutcome | Promise<ScanOutcome>) => void;
  private child: ChildProcess | null = null;
  private ready = false;
  private outcome: ScanOutcome | null = null;
  private fatal: string | null = null;
  private killed: KillReason | null = null;
  /** Every process the engine started, noted while it lived (Chromium runs in process groups of its own). */
  private readonly seen = new Map<number, ProcessStamp>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly backstopMs: number;
  private finished = false;
  private readonly onAbort = () => this.cancel();

  constructor(
    private readonly o: ProcessRunnerOptions,
    private readonly job: ScanJob,
    private readonly ctx: AgentContext,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
    this.backstopMs = o.backstopMs ?? (o.scanOptions?.timeoutSeconds ?? getEnv().APO_SCAN_TIMEOUT) * 1000 + BACKSTOP_AFTER_TIMEOUT_MS;
    try {
      this.spawn();
    } catch (error) {
      void this.finish(null, null, describeError(error));
    }
  }

  private spawn(): void {
    const piped = this.o.onOutput !== undefined;
    // detached: the child leads its own process group, so one kill takes it and anything it left
    // in that group. Its environment is an allow-list (lib/env.ts engineProcessEnv): no server
    // secret reaches the engine or its Chromium.
    const child = fork(this.o.start.entry, [], {
      execArgv: this.o.start.execArgv,
      env: engineProcessEnv(),
      serialization: "advanced",
      stdio: piped ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "inherit", "inherit", "ipc"],
      detached: true,
    });
    this.child = child;
    if (piped) for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => this.o.onOutput?.(chunk.toString("utf8")));
    child.on("message", (message: unknown) => this.onMessage(message));
    child.on("error", (error) => {
      // A child that never started emits only this, no "close".
      if (child.pid === undefined) void this.finish(null, null, describeError(error));
    });
    // "close", not "exit": it comes after the IPC channel is drained, so no event is lost.
    child.once("close", (code, signal) => void this.finish(code, signal, null));
    if (child.pid === undefined) return;
    live.add(this);
    installExitHook();
    lowerPriority(child.pid);
    this.o.onSpawn?.(child.pid);

    if (this.ctx.signal.aborted) this.cancel();
    else this.ctx.signal.addEventListener("abort", this.onAbort, { once: true });
    this.timers.push(
      setTimeout(() => void this.kill("backstop"), this.backstopMs),
      setInterval(() => void this.noteChildren(), this.o.watchMs ?? 1_000),
    );
    for (const t of this.timers) t.unref();
  }

  private send(message: ParentMessage): void {
    const child = this.child;
    if (!child?.connected) return;
    try {
      child.send(message, (error) => {
        if (error) log.warn("could not reach the scan engine process", { scan_id: this.job.scanId, error: describeError(error) });
      });
    } catch (error) {
      log.warn("could not reach the scan engine process", { scan_id: this.job.scanId, error: describeError(error) });
    }
  }

  private onMessage(raw: unknown): void {
    if (!isChildMessage(raw)) return;
    const message: ChildMessage = raw;
    switch (message.type) {
      case "ready":
        this.ready = true;
        // Again for the threads Node started since the fork.
        if (this.child?.pid !== undefined) lowerPriority(this.child.pid);
        if (!this.killed) this.send({ type: "run", job: this.job, options: this.o.scanOptions ?? {} });
        break;
      case "event":
        if (!this.outcome) this.ctx.emit(message.event);
        break;
      case "stage":
        this.o.onStageTime?.(message.stage, message.ms);
        break;
      case "outcome":
        this.outcome = message.outcome;
        this.timers.push(setTimeout(() => void this.kill("linger"), LINGER_MS).unref());
        break;
      case "fatal":
        this.fatal = message.message;
        break;
    }
  }

  private cancel(): void {
    if (this.killed || this.outcome) return;
    // Before the job is sent there is no scan to end gracefully.
    if (!this.ready) return void this.kill("cancel");
    this.send({ type: "cancel" });
    this.timers.push(setTimeout(() => void this.kill("cancel"), this.o.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS).unref());
  }

  private async noteChildren(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    for (const stamp of await childProcesses(pid)) {
      // A process read as it exits (a zombie) shows no command line: keep what was read before.
      const before = this.seen.get(stamp.pid);
      // Chromium inherits the engine's nice value, but leads a session (autogroup) of its own.
      if (!before) lowerPriority(stamp.pid);
      this.seen.set(stamp.pid, before?.startTime === stamp.startTime ? { ...stamp, profileDir: stamp.profileDir ?? before.profileDir } : stamp);
    }
  }

  private async kill(reason: KillReason): Promise<void> {
    if (this.killed || !this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killed = reason;
    // A cancel before the job was sent is the normal way to stop a child that is still starting.
    if (reason === "backstop" || (reason === "cancel" && this.ready)) log.warn("killing the scan engine process", { scan_id: this.job.scanId, reason });
    // Note its children while it still has them: once it is gone they belong to init. No later
    // look: one racing the kill would read the dying Chromium with an empty command line.
    for (const t of this.timers) clearTimeout(t);
    await this.noteChildren();
    this.killNow();
  }

  /** SIGKILL, synchronous (also from the server's "exit" hook): the child's group, then Chromium's groups. */
  killNow(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    killGroupOrProcess(pid);
    killGroups(this.seen.values());
  }

  private async finish(code: number | null, signal: NodeJS.Signals | null, spawnError: string | null): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    live.delete(this);
    for (const t of this.timers) clearTimeout(t);
    this.ctx.signal.removeEventListener("abort", this.onAbort);
    // Chromium the engine did not close (it was killed, or crashed): end it and remove its profile.
    const leftovers = new Set(killGroups(this.seen.values()));
    await removeProfiles(this.seen.values());
    // tsx's esbuild helper (development) may still be on its way out; a Chromium is worth a warning.
    const browsers = [...this.seen.values()].filter((s) => s.profileDir && leftovers.has(s.pid)).map((s) => s.pid);
    if (browsers.length > 0 && this.outcome) log.warn("ended a Chromium the scan engine left running", { scan_id: this.job.scanId, pids: browsers });

    if (this.outcome) return this.settle(this.outcome);
    if (!this.ready && !this.killed && this.o.fallback && !this.ctx.signal.aborted) {
      log.error("the scan engine process could not start; running this scan in the server process", {
        scan_id: this.job.scanId,
        entry: this.o.start.entry,
        exit: spawnError ?? signal ?? code,
      });
      engineRestarted("start_failed");
      const fallback = this.o.fallback;
      return this.settle(Promise.resolve().then(() => fallback(this.job, this.ctx)));
    }
    const artifacts = await listLeftoverArtifacts(this.job.outDir);
    if (this.killed === "cancel") {
      const message = this.ready
        ? `Cancelled; the scan engine did not stop within ${(this.o.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS) / 1000} s and was killed.`
        : "Cancelled before the scan engine started.";
      return this.settle({ ...EMPTY, status: "cancelled", error: { code: "cancelled", message }, artifacts });
    }
    if (this.killed === "backstop") {
      engineRestarted("backstop");
      const message = `The scan engine did not stop ${this.backstopMs / 1000} s after it started (APO_SCAN_TIMEOUT) and was killed.`;
      return this.settle({ ...EMPTY, status: "error", error: { code: "timeout", message }, artifacts });
    }
    const how = spawnError ? `could not start (${spawnError})` : signal ? `exited with signal ${signal}` : `exited with code ${code}`;
    const message = `The scan engine process ${how} before the scan finished${this.fatal ? `: ${this.fatal}` : ""}.`;
    engineRestarted("crashed");
    log.error("the scan engine process died", { scan_id: this.job.scanId, exit: signal ?? code, partial_artifacts: artifacts.length });
    this.settle({ ...EMPTY, status: "error", error: { code: "engine_crashed", message }, artifacts });
  }
}
