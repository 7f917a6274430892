import { setMaxListeners } from "node:events";
import type { ScanBrowser } from "@/agents/browser";
import type { DiscoveryResult } from "@/agents/discovery";
import { EVIDENCE_VERSION, EvidenceSchema, type Evidence, type SessionName } from "@/agents/evidence/schema";
import type { InteractionResult } from "@/agents/interaction";
import type { SessionTimeouts } from "@/agents/interaction/session";
import { createLlm } from "@/agents/llm/create-llm";
import type { LlmClient } from "@/agents/llm";
import type { GuardedBrowser } from "@/agents/safety/browser-guard";
import type { DialMap } from "@/agents/safety/egress-dial";
import { createResolveGuard, type LookupAll, type PinningResolveGuard } from "@/agents/safety/resolve-guard";
import { ScanCancelledError, ScanTimeoutError } from "@/agents/scan-errors";
import { engineSettings, type EngineSettings, type EngineSettingsInput } from "@/agents/settings";
import type { AgentContext, ScanJob } from "@/agents/types";
import type { EvidenceReport } from "@/lib/schemas/report";
import { scanRegion } from "./region";

export interface ScanOptions {
  /** The engine's configuration (lib/scans/engine/engine-settings.ts builds it from the environment); absent: safe defaults. */
  settings?: EngineSettingsInput;
  /** These four override the settings' hostResolverRules, ignoreHTTPSErrors, allowPrivateTargets, scanTimeoutSeconds. */
  hostResolverRules?: string;
  ignoreHTTPSErrors?: boolean;
  allowPrivateTargets?: boolean;
  /** Non-public ranges the egress proxy lets through (default settings.allowedPrivateCidrs). */
  allowedPrivateCidrs?: readonly string[];
  timeoutSeconds?: number;
  sessions?: SessionName[];
  maxConcurrentSessions?: number;
  pagesPerSession?: number;
  discoveryConcurrency?: number;
  timeouts?: Partial<SessionTimeouts>;
  /** Skip the Chromium-printed PDF (benchmarks). */
  skipPdf?: boolean;
  /** Test hook for the SSRF guard's resolver (the pre-flight check and the egress proxy). */
  lookup?: LookupAll;
  /** Test hook: where the egress proxy connects for a checked address. */
  egressDial?: DialMap;
  /** Called with per-stage wall times (ms), for the benchmark. */
  onStageTime?: (stage: string, ms: number) => void;
}

/** One scan's state: what every stage reads and fills in. Created by openScan, ended by closeScan. */
export interface ScanState {
  readonly job: ScanJob;
  readonly options: ScanOptions;
  readonly settings: EngineSettings;
  readonly allowPrivate: boolean;
  readonly allowedPrivateCidrs: readonly string[];
  /** What each visitor's context is opened with. */
  readonly browser: { hostResolverRules?: string; ignoreHTTPSErrors: boolean; settings: EngineSettings };
  /** The caller's context (its signal is the caller's cancel). */
  readonly outer: AgentContext;
  /** The stages' context: its signal aborts on cancel and on the scan's timeout. */
  readonly ctx: AgentContext;
  readonly signal: AbortSignal;
  readonly guard: PinningResolveGuard;
  readonly llm: LlmClient | null;
  readonly startedAt: string;
  /** Non-fatal errors, in evidence.errors. */
  readonly errors: Evidence["errors"];
  /** The scan's one Chromium behind the SSRF egress proxy; set by the launch stage. */
  guarded: GuardedBrowser | null;
  discovery: DiscoveryResult | null;
  interaction: InteractionResult | null;
  optOutChecks: Evidence["opt_out_checks"];
  privacyPolicy: Evidence["privacy_policy"];
  evidence: Evidence | null;
  report: EvidenceReport | null;
  /** Runs a stage, reporting its wall time to options.onStageTime. */
  timed<T>(stage: string, fn: () => Promise<T>): Promise<T>;
  /** Ends the scan's timer and listeners and closes its browser. */
  close(): Promise<void>;
}

/** The scan's browser, once launched. */
export function scanBrowserOf(scan: ScanState): ScanBrowser | undefined {
  return scan.guarded?.browser;
}

/**
 * Sets up a scan: settings, the abort signal (cancel and timeout), the SSRF guard and the
 * LLM client. Keys from the request live only in this client: never stored, logged or emitted.
 */
export function openScan(job: ScanJob, outer: AgentContext, options: ScanOptions): ScanState {
  const settings = engineSettings(options.settings);
  const timeoutMs = (options.timeoutSeconds ?? settings.scanTimeoutSeconds) * 1000;
  const allowPrivate = options.allowPrivateTargets ?? settings.allowPrivateTargets;
  const allowedPrivateCidrs = options.allowedPrivateCidrs ?? settings.allowedPrivateCidrs;
  const controller = new AbortController();
  // Every visitor, page wait and stage listens on this one signal: dozens of listeners are normal.
  setMaxListeners(100, controller.signal);
  const onOuterAbort = () => controller.abort(new ScanCancelledError());
  if (outer.signal.aborted) onOuterAbort();
  outer.signal.addEventListener("abort", onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new ScanTimeoutError(timeoutMs / 1000)), timeoutMs);
  const ctx: AgentContext = { scanId: outer.scanId, signal: controller.signal, emit: (e) => outer.emit(e) };
  const guard = createResolveGuard({ allowPrivate, allowedPrivateCidrs, lookup: options.lookup });

  const scan: Omit<ScanState, "llm"> & { llm: LlmClient | null } = {
    job,
    options,
    settings,
    allowPrivate,
    allowedPrivateCidrs,
    browser: {
      hostResolverRules: options.hostResolverRules ?? settings.hostResolverRules,
      ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? settings.ignoreHTTPSErrors,
      settings,
    },
    outer,
    ctx,
    signal: controller.signal,
    guard,
    llm: null,
    startedAt: new Date().toISOString(),
    errors: [],
    guarded: null,
    discovery: null,
    interaction: null,
    optOutChecks: [],
    privacyPolicy: null,
    evidence: null,
    report: null,
    async timed(stage, fn) {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        options.onStageTime?.(stage, Date.now() - t0);
      }
    },
    async close() {
      clearTimeout(timer);
      outer.signal.removeEventListener("abort", onOuterAbort);
      controller.signal.removeEventListener("abort", closeBrowserOnAbort);
      await scan.guarded?.close();
    },
  };
  // A cancel or timeout closes Chromium at once: pending browser calls then fail fast.
  const closeBrowserOnAbort = () => void scan.guarded?.close();
  controller.signal.addEventListener("abort", closeBrowserOnAbort, { once: true });

  // The server keys a scan may use come with the job (over IPC from the service), else the settings'.
  const request = job.request;
  const llmSettings = job.serverLlmKeys ? { ...settings.llm, anthropicApiKey: job.serverLlmKeys.anthropic, openaiApiKey: job.serverLlmKeys.openai } : settings.llm;
  scan.llm = request.use_llm ? createLlm({ claudeKey: request.claude_key, openaiKey: request.openai_key, ctx, settings: llmSettings }) : null;
  return scan;
}

/** The evidence gathered so far (complete, or partial with the reason in errors). */
export function buildEvidence(scan: ScanState, completeness: "complete" | "partial"): Evidence {
  const { job, discovery, interaction } = scan;
  return EvidenceSchema.parse({
    version: EVIDENCE_VERSION,
    scan_id: job.scanId,
    target_url: job.request.url,
    final_url: discovery?.graph.nodes.find((n) => n.depth === 0)?.final_url ?? null,
    started_at: scan.startedAt,
    finished_at: new Date().toISOString(),
    completeness,
    scanner: {
      user_agent: interaction?.userAgent ?? null,
      browser_version: interaction?.browserVersion ?? scanBrowserOf(scan)?.version ?? null,
      identity: interaction?.identity ?? null,
    },
    discovery: discovery?.graph ?? { start_url: job.request.url, nodes: [], edges: [] },
    sessions: interaction?.sessions ?? { pre_consent: null, accept_all: null, reject_all: null, gpc: null },
    well_known_gpc: interaction?.wellKnown ?? null,
    opt_out_checks: scan.optOutChecks,
    privacy_policy: scan.privacyPolicy,
    refused_links: discovery?.refusedLinks ?? [],
    errors: scan.errors,
    region: scanRegion(scan).region,
  });
}
