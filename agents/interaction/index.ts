import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Evidence, PageNode, SessionEvidence, SessionName } from "@/agents/evidence/schema";
import type { ScanBrowser } from "@/agents/browser";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import type { BlockedLookup } from "@/agents/safety/block-log";
import type { AgentContext } from "@/agents/types";
import { makeCanaryToken } from "./canary";
import { planSessionPages, runLimited, SESSION_ORDER, DEFAULT_PAGES_PER_SESSION } from "./plan";
import { runSession, type SessionRunResult, type SessionTimeouts } from "./session";
import type { WellKnownGpc } from "./site-checks";
import { firstLine } from "@/agents/error-text";
import type { EngineSettingsInput } from "@/agents/settings";

export { planSessionPages, DEFAULT_PAGES_PER_SESSION, runLimited } from "./plan";
export { checkOptOutLink, fetchPrivacyPolicy, checkWellKnownGpc } from "./site-checks";

/**
 * All four visitors at once: they are contexts of the scan's one Chromium (~150–250 MB each), and
 * most of a visitor's time is settle windows, not CPU, so running them together is what keeps a
 * scan near 30 s on a 2-core/4 GB box.
 */
export const DEFAULT_MAX_CONCURRENT_SESSIONS = 4;

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { navigationMs: 20_000, settleMs: 5_000, detectionBudgetMs: 6_000 };

export interface InteractionOptions {
  /**
   * Discovery's ranking. While it is still a promise, the visitors start on `home` (its banner
   * and settle windows take most of a visitor's time) and pick up the other pages when it resolves.
   */
  ranked: PageNode[] | Promise<PageNode[]>;
  home?: PageNode;
  outDir: string;
  sessions?: SessionName[];
  pagesPerSession?: number;
  maxConcurrentSessions?: number;
  timeouts?: Partial<SessionTimeouts>;
  /**
   * Canaries are typed in every session (each with its own token): a leak seen before consent,
   * after reject and under GPC are separate findings, and nothing is ever submitted.
   */
  typeCanaries?: boolean;
  /** settings: Chromium's path, sandbox and environment, for a visitor without the scan's browser. */
  browser: { hostResolverRules?: string; ignoreHTTPSErrors?: boolean; settings?: EngineSettingsInput };
  /** The scan's Chromium; each visitor is a fresh context in it (launched per visitor without it). */
  scanBrowser?: ScanBrowser;
  /** The scan's record of what the egress proxy refused. */
  blocked?: BlockedLookup;
  allowPrivate: boolean;
}

export interface InteractionResult {
  sessions: Evidence["sessions"];
  wellKnown: WellKnownGpc | null;
  browserVersion: string | null;
  userAgent: string | null;
  /** How the visitors presented themselves (the first visitor's; only GPC differs between them). */
  identity: VisitorIdentity | null;
  files: Array<{ file: string; kind: "har" | "traffic" | "screenshot" }>;
  errors: Array<{ stage: string; message: string }>;
}

/** Replays the ranked pages as the four visitors, in parallel within the memory budget. */
export async function runInteraction(ctx: AgentContext, options: InteractionOptions): Promise<InteractionResult> {
  const names = options.sessions ?? SESSION_ORDER;
  const perSession = options.pagesPerSession ?? DEFAULT_PAGES_PER_SESSION;
  const ranked = Promise.resolve(options.ranked);
  // Without a ranking yet, start on the home page and take the rest of the plan when it comes.
  const early = Array.isArray(options.ranked) ? undefined : options.home;
  const pages = early ? [early.final_url || early.url] : planSessionPages(await ranked, perSession);
  const morePages = early ? ranked.then((r) => planSessionPages(r, perSession).slice(1)) : undefined;
  // Announce the rest of the plan once it is known.
  void morePages?.then(
    (more) => ctx.emit({ agent: "interaction", level: "INFO", msg: `Discovery ranked the site: each visitor also replays ${more.length} more page(s)${more.length ? ` (${more.join(", ")})` : ""}` }),
    () => undefined,
  );
  const timeouts = { ...DEFAULT_SESSION_TIMEOUTS, ...options.timeouts };
  await mkdir(join(options.outDir, "screenshots"), { recursive: true });
  const result: InteractionResult = {
    sessions: { pre_consent: null, accept_all: null, reject_all: null, gpc: null },
    wellKnown: null,
    browserVersion: null,
    userAgent: null,
    identity: null,
    files: [],
    errors: [],
  };
  if (pages.length === 0) {
    result.errors.push({ stage: "interaction", message: "no reachable page to replay" });
    return result;
  }
  ctx.emit({
    agent: "interaction",
    level: "INFO",
    msg: morePages
      ? `Replaying the home page as ${names.length} visitors (${names.join(", ")}) while discovery ranks the rest`
      : `Replaying ${pages.length} page(s) as ${names.length} visitors (${names.join(", ")})`,
    progress: 0,
  });
  let finished = 0;
  const tasks = names.map((name) => async (): Promise<SessionRunResult> => {
    ctx.emit({ agent: "interaction", level: "INFO", msg: `${name}: opening a fresh browser context${name === "gpc" ? " with Sec-GPC: 1" : ""}`, phase: name });
    const run = await runSession({
      name,
      pages,
      morePages,
      outDir: options.outDir,
      canaryToken: makeCanaryToken(),
      typeCanaries: options.typeCanaries ?? true,
      timeouts,
      browser: options.browser,
      scanBrowser: options.scanBrowser,
      blocked: options.blocked,
      allowPrivate: options.allowPrivate,
      fetchWellKnown: name === "gpc",
      signal: ctx.signal,
      log: (level, msg) => ctx.emit({ agent: "interaction", level, msg, phase: name }),
    });
    finished += 1;
    const e = run.evidence;
    ctx.emit({
      agent: "interaction",
      level: e.errors.length && e.pages.length === 0 ? "WARNING" : "SUCCESS",
      msg: `${name}: ${e.pages.length} page(s), ${e.requests.length} requests, ${e.cookies.length} cookies, ${e.canaries.length} canaries, ${e.fingerprinting.length} fingerprinting event(s)`,
      progress: Math.round((finished / names.length) * 100),
      phase: name,
    });
    return run;
  });
  const settled = await runLimited(tasks, options.maxConcurrentSessions ?? DEFAULT_MAX_CONCURRENT_SESSIONS);
  settled.forEach((outcome, index) => {
    const name = names[index];
    if (!name) return;
    if (outcome.status === "rejected") {
      const message = firstLine(outcome.reason);
      result.errors.push({ stage: `interaction.${name}`, message });
      ctx.emit({ agent: "interaction", level: "ERROR", msg: `${name}: ${message}`, phase: name });
      return;
    }
    const run = outcome.value;
    const session: SessionEvidence = run.evidence;
    result.sessions[name] = session;
    result.browserVersion ??= run.browserVersion;
    result.userAgent ??= run.userAgent;
    result.identity ??= run.identity;
    if (run.wellKnown) result.wellKnown = run.wellKnown;
    if (run.files.har) result.files.push({ file: run.files.har, kind: "har" });
    if (run.files.traffic) result.files.push({ file: run.files.traffic, kind: "traffic" });
    for (const shot of run.files.screenshots) result.files.push({ file: shot, kind: "screenshot" });
    for (const message of session.errors) result.errors.push({ stage: `interaction.${name}`, message });
  });
  return result;
}
