import { mkdir } from "node:fs/promises";
import type { AgentContext, ScanArtifact } from "@/agents/types";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import type { ScanRequest } from "@/lib/schemas/scan-request";
import type { ArtifactStore } from "@/lib/store/artifact-store";
import type { AgentProgress, ScanError, ScanHolder, ScanRecord, ScanStatus, Store } from "@/lib/store/types";
import { describeError, log } from "@/lib/log";
import { getEnv } from "@/lib/env";
import { signBundle } from "@/lib/evidence/sign-bundle";
import type { SigningKey } from "@/lib/evidence/signing-key";
import { serverLlmKeysFor } from "./server-llm-keys";
import { decideEnding, finishScan, type AbortReason } from "./finish-scan";
import { secretScrubber } from "@/agents/llm/redact";
import type { EventHub } from "./event-hub";
import { summarizeReport } from "./summarize-report";
import { recordScanEnded } from "@/lib/metrics/metrics";
import type { ScanOutcome, ScanRunner } from "../types";

export interface ScanSecrets {
  claude_key?: string;
  openai_key?: string;
}

export interface WorkerOptions {
  store: Store;
  artifacts: ArtifactStore;
  hub: EventHub;
  runner: ScanRunner;
  workerId: string;
  maxConcurrent: number;
  scanTimeoutSeconds: number;
  staleSeconds: number;
  /** Runs a scan gets when workers running it are lost (APO_SCAN_MAX_ATTEMPTS); default 2. */
  maxAttempts?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** Signs each finished scan's bundle manifest (lib/evidence); null or absent: the manifest is written unsigned. */
  signingKey?: SigningKey | null;
  /** Called after each scan this worker ran has ended (the monitor loop finalizes runs at once). */
  onScanEnded?: (scanId: string) => void;
}

interface LiveScan {
  abort: AbortController;
  done: Promise<void>;
  /** The claim this run holds: every write about the scan is fenced with it. */
  holder: ScanHolder;
  phase: string | null;
  progress: AgentProgress;
  dirty: boolean;
  /** Its final status is being written: a heartbeat no longer finding it live is expected. */
  ending: boolean;
}

/**
 * The in-process queue. Jobs live in the store (status 'queued'); each worker claims them with
 * FOR UPDATE SKIP LOCKED up to maxConcurrent, so several containers can share one database.
 * Secrets (LLM keys) stay in this map and nowhere else; a scan carrying them is pinned to the
 * worker that received it.
 *
 * A worker that stops heartbeating for APO_STALE_SCAN_SECONDS (the lease) loses its scans: any
 * other worker's sweep queues them again as the next attempt (or ends them; see
 * Store.recoverStaleScans). Every write of a running scan is fenced with the claim (worker,
 * attempt), so a worker that was only slow finds out, stops, and overwrites nothing.
 */
export class ScanWorker {
  private readonly live = new Map<string, LiveScan>();
  private readonly secrets = new Map<string, ScanSecrets>();
  private accepting = true;
  private kicking = false;
  private kickAgain = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly o: WorkerOptions) {}

  get workerId(): string {
    return this.o.workerId;
  }

  start(): void {
    const heartbeatMs = this.o.heartbeatMs ?? 10_000;
    this.timers.push(
      setInterval(() => void this.beat(), heartbeatMs),
      // Jobs queued by other containers appear only in the database: look for them now and then.
      setInterval(() => this.kick(), this.o.pollMs ?? 2_000),
      setInterval(() => void this.recoverStale(), Math.max(heartbeatMs, (this.o.staleSeconds * 1000) / 2)),
    );
    for (const t of this.timers) t.unref();
    this.kick();
  }

  holdSecrets(scanId: string, secrets: ScanSecrets): void {
    if (secrets.claude_key || secrets.openai_key) this.secrets.set(scanId, secrets);
  }

  liveState(scanId: string): { phase: string | null; progress: AgentProgress } | null {
    const l = this.live.get(scanId);
    return l ? { phase: l.phase, progress: { ...l.progress } } : null;
  }

  isAccepting(): boolean {
    return this.accepting;
  }

  /** Claims queued jobs while there is capacity. Re-entrant calls coalesce. */
  kick(): void {
    if (this.kicking) {
      this.kickAgain = true;
      return;
    }
    this.kicking = true;
    void (async () => {
      try {
        do {
          this.kickAgain = false;
          while (this.accepting && this.live.size < this.o.maxConcurrent) {
            const scan = await this.o.store.claimNextScan(this.o.workerId);
            if (!scan) break;
            this.launch(scan);
          }
        } while (this.kickAgain);
      } catch (err) {
        log.error("claiming scans failed", { worker_id: this.o.workerId, error: describeError(err) });
      } finally {
        this.kicking = false;
      }
    })();
  }

  /** Cancels wherever the scan is: here (abort), queued (immediately), or on another worker (flag). */
  async cancel(scan: ScanRecord): Promise<ScanStatus> {
    const local = this.live.get(scan.id);
    if (local) {
      local.abort.abort("cancelled" satisfies AbortReason);
      await local.done;
      return (await this.o.store.getScan(scan.id))?.status ?? "cancelled";
    }
    if (scan.status === "queued") {
      if (await this.o.store.cancelQueued(scan.id)) {
        this.secrets.delete(scan.id);
        await finishScan(this.o, scan.id, { status: "cancelled", error: null, message: "Cancelled before it started." }, { stored: true });
        return "cancelled";
      }
      // A worker claimed it in the meantime: cancel it as a running scan.
      const now = await this.o.store.getScan(scan.id);
      return now && now.status === "running" ? this.cancel(now) : (now?.status ?? "cancelled");
    }
    if (scan.status === "running") await this.o.store.requestCancel(scan.id);
    return scan.status;
  }

  /** Marks a scan that will never run here final, with the closing events (fenced with this worker's claim if it runs here). */
  async finishWithoutRun(scanId: string, status: Exclude<ScanStatus, "queued" | "running" | "complete">, error: ScanError): Promise<void> {
    await finishScan(this.o, scanId, { status, error }, { holder: this.live.get(scanId)?.holder });
  }

  /** SIGTERM: stop claiming, let running scans finish within the grace period, interrupt the rest. */
  async shutdown(graceMs: number): Promise<void> {
    this.accepting = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const all = () => Promise.all([...this.live.values()].map((l) => l.done));
    await Promise.race([all(), new Promise((r) => setTimeout(r, graceMs).unref())]);
    if (this.o.store.kind === "postgres" && (await this.handBack(all))) return;
    for (const l of this.live.values()) l.abort.abort("shutdown" satisfies AbortReason);
    // The engine gets a moment to unwind; whatever still hangs is marked from outside.
    await Promise.race([all(), new Promise((r) => setTimeout(r, 3_000).unref())]);
    for (const id of this.live.keys()) {
      await this.finishWithoutRun(id, "interrupted", { code: "shutdown", message: "The server shut down while this scan was running." });
    }
    for (const id of this.secrets.keys()) {
      const scan = await this.o.store.getScan(id);
      if (scan?.status === "queued") {
        await this.finishWithoutRun(id, "interrupted", { code: "shutdown", message: "The server shut down before this scan started." });
      }
    }
    this.secrets.clear();
  }

  /**
   * Shared store, after the grace period: what is still running or waiting here is handed back as
   * a lost worker's would be, without waiting for the lease to expire. Another container re-runs
   * it as its next attempt (a task replaced by a deploy loses no scan); pinned scans, whose LLM
   * keys die with this process, end pinned_worker_lost. False when the store could not be asked.
   */
  private async handBack(all: () => Promise<unknown>): Promise<boolean> {
    let moved;
    try {
      moved = await this.o.store.releaseWorkerScans(this.o.workerId, this.o.maxAttempts ?? 2);
    } catch (err) {
      log.error("handing scans back at shutdown failed", { worker_id: this.o.workerId, error: describeError(err) });
      return false;
    }
    // No longer held here: the local runs stop and write nothing more.
    for (const l of this.live.values()) l.abort.abort("taken_over" satisfies AbortReason);
    await Promise.race([all(), new Promise((r) => setTimeout(r, 3_000).unref())]);
    for (const r of moved.requeued) log.info("handed a scan back at shutdown", { scan_id: r.id, next_attempt: r.attempt });
    for (const e of moved.ended) await finishScan(this.o, e.id, { status: e.status, error: e.error }, { stored: true });
    this.secrets.clear();
    return true;
  }

  private launch(scan: ScanRecord): void {
    const abort = new AbortController();
    const holder = { workerId: this.o.workerId, attempt: scan.attempt };
    const entry: LiveScan = { abort, done: Promise.resolve(), holder, phase: "starting", progress: {}, dirty: false, ending: false };
    // This worker's own earlier attempt, taken over while it was slow and claimed back here:
    // it stops (writing nothing) before the new attempt starts.
    const earlier = this.live.get(scan.id);
    earlier?.abort.abort("taken_over" satisfies AbortReason);
    this.live.set(scan.id, entry);
    entry.done = (earlier?.done ?? Promise.resolve())
      .then(() => this.execute(scan, entry))
      .catch((err: unknown) => log.error("scan bookkeeping failed", { scan_id: scan.id, error: describeError(err) }))
      .finally(() => {
        if (this.live.get(scan.id) === entry) this.live.delete(scan.id);
        this.kick();
        this.o.onScanEnded?.(scan.id);
      });
  }

  private async execute(scan: ScanRecord, entry: LiveScan): Promise<void> {
    const { store, hub, artifacts } = this.o;
    const secrets = this.secrets.get(scan.id) ?? {};
    this.secrets.delete(scan.id);
    const env = getEnv();
    // The request's keys and the server's: an upstream error message may quote either.
    const scrub = secretScrubber([secrets.claude_key, secrets.openai_key, env.ANTHROPIC_API_KEY, env.OPENAI_API_KEY]);
    const { holder } = entry;
    hub.open(scan.id, await store.lastEventId(scan.id), { holder, onLost: () => entry.abort.abort("taken_over" satisfies AbortReason) });
    const emit: AgentContext["emit"] = (e) => {
      if (e.progress !== undefined && e.agent !== "system") entry.progress[e.agent] = e.progress;
      // The phase is what the engine says, else the agent that is speaking. Discovery keeps
      // crawling after the visitors have started: its events do not take the phase back (which
      // would also cost a store write per event).
      const visitorsStarted = entry.phase !== null && entry.phase !== "starting" && entry.phase !== "discovery";
      const phase = e.agent === "discovery" && visitorsStarted ? null : (e.phase ?? (e.agent === "system" ? null : e.agent));
      if (phase && phase !== entry.phase) {
        entry.phase = phase;
        void store.updateScan(scan.id, { phase, progress: entry.progress }, holder).catch(() => undefined);
      } else entry.dirty = true;
      hub.emit(scan.id, { ...e, msg: scrub(e.msg) });
    };
    const timeout = setTimeout(() => entry.abort.abort("timeout" satisfies AbortReason), this.o.scanTimeoutSeconds * 1000);
    timeout.unref();
    const started = Date.now();
    log.info("scan started", { scan_id: scan.id, worker_id: this.o.workerId, attempt: scan.attempt });
    // A take-over re-runs the scan from the start; its stream says so first, continuing after the last stored id.
    if (scan.attempt > 1) emit({ agent: "system", level: "INFO", msg: resumedMessage(this.o.workerId, scan, this.o.maxAttempts ?? 2), phase: "starting" });
    emit({ agent: "system", level: "INFO", msg: `Scan started: ${scan.url} (${scan.framework})`, phase: "starting" });

    let outcome: ScanOutcome;
    try {
      const outDir = artifacts.workDir(scan.id);
      await mkdir(outDir, { recursive: true });
      const request = { ...(scan.request as ScanRequest), ...secrets };
      const serverLlmKeys = request.use_llm ? serverLlmKeysFor(scan.owner, env) : {};
      outcome = await this.o.runner({ scanId: scan.id, request, outDir, serverLlmKeys, attempt: scan.attempt }, { scanId: scan.id, signal: entry.abort.signal, emit });
    } catch (err) {
      outcome = { status: "error", error: { code: "engine_error", message: scrub(describeError(err)) }, evidence: null, report: null, artifacts: [] };
    } finally {
      clearTimeout(timeout);
    }
    const checked = checkReport(scan.id, outcome);
    outcome = checked.outcome;

    const reason = entry.abort.signal.aborted ? (entry.abort.signal.reason as AbortReason) : null;
    // Taken over: the scan is another attempt's now. Publish nothing, write no ending. The check
    // also stores the last progress; past it, the final write is fenced all the same.
    if (reason === "taken_over" || !(await store.updateScan(scan.id, { progress: entry.progress }, holder))) {
      await this.abandon(scan.id, "its run ended");
      return;
    }
    const scrubbed = outcome.error ? { code: outcome.error.code, message: scrub(outcome.error.message) } : null;
    const ending = decideEnding({ status: outcome.status, error: scrubbed }, reason, this.o.scanTimeoutSeconds);
    const { status } = ending;

    const head = status === "complete" && checked.report ? summarizeReport(checked.report) : null;
    let files: ScanArtifact[] = outcome.artifacts;
    if (files.length > 0) files = await this.writeBundleManifest(scan, status, started, files);
    try {
      await artifacts.publish(scan.id, files);
    } catch (err) {
      files = [];
      log.error("publishing artefacts failed", { scan_id: scan.id, error: describeError(err) });
    }
    if (head) await store.replaceViolations(scan.id, head.violations);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const n = head?.summary.total_violations ?? 0;
    if (status === "complete") ending.message = `Scan complete in ${seconds} s: ${n} violation${n === 1 ? "" : "s"}`;
    entry.ending = true;
    const ended = await finishScan({ store, hub }, scan.id, ending, {
      patch: { progress: entry.progress, report: status === "complete" ? (outcome.report ?? null) : null, summary: head?.summary ?? null, artifacts: files },
      holder,
    });
    if (!ended) {
      log.warn("scan taken over by another worker before its ending was written: left to that attempt", { scan_id: scan.id, worker_id: this.o.workerId, attempt: scan.attempt });
      return;
    }
    recordScanEnded(status, (Date.now() - started) / 1000);
    log.info("scan finished", { scan_id: scan.id, status, seconds: Number(seconds), attempt: scan.attempt });
  }

  private async abandon(scanId: string, when: string): Promise<void> {
    log.warn(`scan taken over by another worker (this one missed its heartbeats); ${when} here without an ending`, { scan_id: scanId, worker_id: this.o.workerId });
    await this.o.hub.abandon(scanId);
  }

  /** manifest.json (+ manifest.sig) over everything the scan wrote; without them the files are still published. */
  private async writeBundleManifest(scan: ScanRecord, status: ScanStatus, started: number, files: ScanArtifact[]): Promise<ScanArtifact[]> {
    const bundle = { scanId: scan.id, targetUrl: scan.url, status, startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString() };
    try {
      return await signBundle(this.o.artifacts.workDir(scan.id), files, bundle, this.o.signingKey ?? null);
    } catch (err) {
      log.error("writing the bundle manifest failed", { scan_id: scan.id, error: describeError(err) });
      return files;
    }
  }

  private async beat(): Promise<void> {
    try {
      for (const [id, l] of this.live) {
        if (!l.dirty) continue;
        l.dirty = false;
        await this.o.store.updateScan(id, { progress: l.progress }, l.holder);
      }
      // Only scans live before the heartbeat ran can be missing from its answer.
      const running = [...this.live.entries()];
      const held = new Map((await this.o.store.heartbeat(this.o.workerId)).map((h) => [h.id, h]));
      for (const [id, l] of running) {
        const h = held.get(id);
        if (h && h.attempt === l.holder.attempt) {
          if (h.cancelRequested) l.abort.abort("cancelled" satisfies AbortReason);
        } else if (!l.ending && this.live.get(id) === l) {
          l.abort.abort("taken_over" satisfies AbortReason);
        }
      }
    } catch (err) {
      log.error("heartbeat failed", { worker_id: this.o.workerId, error: describeError(err) });
    }
  }

  /**
   * The stale sweep (also run once at start on a shared store): scans of workers that stopped
   * heartbeating are queued again for a new attempt, or ended, with their closing events here.
   */
  async recoverStale(): Promise<void> {
    try {
      const { requeued, ended } = await this.o.store.recoverStaleScans(this.o.staleSeconds, this.o.workerId, this.o.maxAttempts ?? 2);
      for (const r of requeued) log.warn("queued a scan again: the worker running it stopped responding", { scan_id: r.id, lost_worker: r.previousWorkerId, attempt: r.attempt });
      if (requeued.length > 0) this.kick();
      for (const e of ended) {
        log.warn("ended a scan whose worker stopped responding", { scan_id: e.id, status: e.status, code: e.error.code });
        await finishScan(this.o, e.id, { status: e.status, error: e.error }, { stored: true });
      }
    } catch (err) {
      log.error("stale sweep failed", { error: describeError(err) });
    }
  }
}

/** The first line of a taken-over scan's new attempt (the contract's "Resumed on <worker> after <worker> stopped"). */
export function resumedMessage(workerId: string, scan: Pick<ScanRecord, "attempt" | "previousWorkerId">, maxAttempts: number): string {
  return `Resumed on ${workerId} after ${scan.previousWorkerId ?? "another server"} stopped (attempt ${scan.attempt} of ${Math.max(maxAttempts, scan.attempt)}): the scan runs again from the start.`;
}

/**
 * The one check of the engine's report, where it arrives from the engine (in this process or over
 * IPC). A complete outcome whose report does not parse ends as an error; its artefacts are kept.
 * The report is stored as the engine wrote it, not as parsed: a field the schema does not know
 * yet is kept, as in evidence_report.json.
 */
function checkReport(scanId: string, outcome: ScanOutcome): { outcome: ScanOutcome; report: EvidenceReport | null } {
  if (outcome.status !== "complete") return { outcome, report: null };
  const parsed = EvidenceReportSchema.safeParse(outcome.report);
  if (parsed.success) return { outcome, report: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "report"}: ${i.message}`);
  log.error("the engine's report does not match EvidenceReportSchema", { scan_id: scanId, issues });
  const error = { code: "invalid_report", message: `The engine's report does not match the report schema (${issues.join("; ")}).` } as const;
  return { outcome: { ...outcome, status: "error", error, report: null }, report: null };
}
