import { setMaxListeners } from "node:events";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openBrowserSession, type BrowserSession, type ScanBrowser } from "@/agents/browser";
import { runDiscovery, type DiscoveryResult } from "@/agents/discovery";
import {
  EVIDENCE_VERSION,
  EvidenceSchema,
  type Evidence,
  type InteractionGraph,
  type PageNode,
  type SessionName,
} from "@/agents/evidence/schema";
import { checkOptOutLink, fetchPrivacyPolicy, runInteraction, type InteractionResult } from "@/agents/interaction";
import type { SessionTimeouts } from "@/agents/interaction/session";
import { createLlm } from "@/agents/llm/create-llm";
import { analyzeEvidence, enrichReportWithLlm, renderReportHtml } from "@/agents/observability";
import { assertPublicTarget } from "@/agents/safety";
import { BrowserError, ScanCancelledError, ScanEndError, ScanTimeoutError, SiteUnreachableError, toScanError } from "@/agents/scan-errors";
import { launchGuardedBrowser, openGuardedSession, type GuardedBrowser } from "@/agents/safety/browser-guard";
import type { DialMap } from "@/agents/safety/egress-dial";
import { createResolveGuard, type LookupAll } from "@/agents/safety/resolve-guard";
import { ARTIFACT_CONTENT_TYPES, type AgentContext, type ArtifactKind, type ScanArtifact, type ScanJob } from "@/agents/types";
import { engineSettings, type EngineSettingsInput } from "@/agents/settings";
import type { EvidenceReport } from "@/lib/schemas/report";
import type { ScanError, ScanOutcome as Outcome } from "@/lib/schemas/scan";
import { defaultMaxPages } from "@/lib/schemas/scan-request";
import { raceAbort } from "./pipeline/race-abort";
import { firstLine } from "@/agents/error-text";

export type ScanOutcome = Outcome<Evidence, EvidenceReport>;

export interface ScanOptions {
  /** The engine's configuration (lib/scans/engine-settings.ts builds it from the environment); absent: safe defaults. */
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


/**
 * Runs one scan: Discovery → Interaction → Observability, writing every artefact into
 * job.outDir. Never throws for scan failures: a crashed browser, an unreachable site or a
 * timeout ends as status "error" with the evidence gathered so far (completeness "partial").
 */
export async function runScan(job: ScanJob, ctx: AgentContext, options: ScanOptions = {}): Promise<ScanOutcome> {
  const settings = engineSettings(options.settings);
  const request = job.request;
  const allowPrivate = options.allowPrivateTargets ?? settings.allowPrivateTargets;
  const allowedPrivateCidrs = options.allowedPrivateCidrs ?? settings.allowedPrivateCidrs;
  const browser = {
    hostResolverRules: options.hostResolverRules ?? settings.hostResolverRules,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? settings.ignoreHTTPSErrors,
    settings,
  };
  const timeoutMs = (options.timeoutSeconds ?? settings.scanTimeoutSeconds) * 1000;
  const controller = new AbortController();
  // Every visitor, page wait and stage listens on this one signal: dozens of listeners are normal.
  setMaxListeners(100, controller.signal);
  const onOuterAbort = () => controller.abort(new ScanCancelledError());
  if (ctx.signal.aborted) onOuterAbort();
  ctx.signal.addEventListener("abort", onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new ScanTimeoutError(timeoutMs / 1000)), timeoutMs);
  const inner: AgentContext = { scanId: ctx.scanId, signal: controller.signal, emit: (e) => ctx.emit(e) };
  const guard = createResolveGuard({ allowPrivate, allowedPrivateCidrs, lookup: options.lookup });
  const startedAt = new Date().toISOString();
  const errors: Evidence["errors"] = [];
  const artifacts: ScanArtifact[] = [];
  const stageTime = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      options.onStageTime?.(stage, Date.now() - t0);
    }
  };
  const addArtifact = async (file: string, kind: ArtifactKind) => {
    const bytes = await stat(join(job.outDir, file)).then((s) => s.size).catch(() => -1);
    if (bytes >= 0 && !artifacts.some((a) => a.file === file)) artifacts.push({ file, kind, contentType: ARTIFACT_CONTENT_TYPES[kind], bytes });
  };
  const writeJson = async (file: string, kind: ArtifactKind, value: unknown) => {
    await writeFile(join(job.outDir, file), JSON.stringify(value, null, 2));
    await addArtifact(file, kind);
  };

  let discovery: DiscoveryResult | null = null;
  let interaction: InteractionResult | null = null;
  let optOutChecks: Evidence["opt_out_checks"] = [];
  let privacyPolicy: Evidence["privacy_policy"] = null;
  let failure: ScanError | null = null;
  let evidence: Evidence | null = null;
  let report: EvidenceReport | null = null;

  const emptyGraph = (): InteractionGraph => ({ start_url: request.url, nodes: [], edges: [] });
  const buildEvidence = (completeness: "complete" | "partial"): Evidence =>
    EvidenceSchema.parse({
      version: EVIDENCE_VERSION,
      scan_id: job.scanId,
      target_url: request.url,
      final_url: discovery?.graph.nodes.find((n) => n.depth === 0)?.final_url ?? null,
      started_at: startedAt,
      finished_at: new Date().toISOString(),
      completeness,
      scanner: { user_agent: interaction?.userAgent ?? null, browser_version: interaction?.browserVersion ?? scanBrowser()?.version ?? null },
      discovery: discovery?.graph ?? emptyGraph(),
      sessions: interaction?.sessions ?? { pre_consent: null, accept_all: null, reject_all: null, gpc: null },
      well_known_gpc: interaction?.wellKnown ?? null,
      opt_out_checks: optOutChecks,
      privacy_policy: privacyPolicy,
      refused_links: discovery?.refusedLinks ?? [],
      errors,
    });
  // One Chromium for the whole scan, behind the SSRF egress proxy: discovery, the four visitors
  // and the PDF are contexts in it.
  // Set inside the discovery stage; read through these getters, which TypeScript does not narrow.
  let guarded: GuardedBrowser | null = null;
  const scanBrowser = (): ScanBrowser | undefined => guarded?.browser;
  const blockLog = () => guarded?.blocked;
  const closeBrowser = async () => guarded?.close();
  const closeBrowserOnAbort = () => void closeBrowser();
  controller.signal.addEventListener("abort", closeBrowserOnAbort, { once: true });

  // Keys from the request live only in this client for this scan: never stored, logged or emitted.
  const llmSettings = job.serverLlmKeys ? { ...settings.llm, anthropicApiKey: job.serverLlmKeys.anthropic, openaiApiKey: job.serverLlmKeys.openai } : settings.llm;
  const llm = request.use_llm ? createLlm({ claudeKey: request.claude_key, openaiKey: request.openai_key, ctx: inner, settings: llmSettings }) : null;
  ctx.emit({ agent: "system", level: "INFO", msg: `Scan ${job.scanId} started for ${request.url} (${request.framework}, depth ${request.crawl_depth})`, progress: 0 });
  try {
    await mkdir(join(job.outDir, "screenshots"), { recursive: true });
    // Throws PrivateTargetError or UnresolvableTargetError, which end the scan with their code.
    await assertPublicTarget(request.url, guard);

    // The home page's opt-out links and policy text, checked while the crawl goes on.
    const checkSiteLinks = async (home: PageNode, session: BrowserSession, navigationMs: number) => {
      if (controller.signal.aborted) return;
      const optOutLinks = home.opt_out_links.slice(0, 3);
      const policyLink = home.privacy_policy_links[0];
      const [checks, policy] = await Promise.all([
        Promise.all(optOutLinks.map((link) => checkOptOutLink(session.context, link, navigationMs))),
        policyLink ? fetchPrivacyPolicy(session.context, policyLink.href, navigationMs) : Promise.resolve(null),
      ]);
      optOutChecks = checks;
      privacyPolicy = policy;
      for (const check of checks) {
        inner.emit({ agent: "discovery", level: check.error || !check.has_opt_out_control ? "WARNING" : "INFO", msg: `Opt-out link "${check.text}": ${check.error ?? (check.has_opt_out_control ? "opt-out control found" : "no opt-out control on the landing page")}` });
      }
      if (policy) inner.emit({ agent: "discovery", level: policy.error ? "WARNING" : "INFO", msg: `Privacy policy ${policy.url}: ${policy.error ?? `${policy.text.length} characters`}` });
      else inner.emit({ agent: "discovery", level: "WARNING", msg: "No privacy policy link on the home page" });
    };

    // 1. Discovery (and, in the same browser, the opt-out link checks and the policy text).
    //    The visitors start on the home page as soon as discovery has crawled it: their banner
    //    handling and settle windows overlap the rest of the crawl.
    let announceHome: (home: PageNode) => void = () => undefined;
    const homeCrawled = new Promise<PageNode>((resolve) => (announceHome = resolve));
    const discoveryRun = raceAbort(controller.signal, stageTime("discovery", async () => {
      const launched = await launchGuardedBrowser({ settings, hostResolverRules: browser.hostResolverRules, allowPrivate, allowedPrivateCidrs, lookup: options.lookup, dial: options.egressDial }).catch((error: unknown) => {
        throw new BrowserError(`could not start Chromium: ${firstLine(error)}`);
      });
      guarded = launched;
      // Cancelled while Chromium was starting: the abort listener has already run.
      if (controller.signal.aborted) {
        await launched.close();
        throw controller.signal.reason;
      }
      const session: BrowserSession = await openGuardedSession({ ignoreHTTPSErrors: browser.ignoreHTTPSErrors, browser: launched.browser });
      let siteChecks: Promise<void> = Promise.resolve();
      try {
        const navigationMs = options.timeouts?.navigationMs ?? 20_000;
        const result = await runDiscovery(inner, {
          startUrl: request.url,
          depth: request.crawl_depth,
          maxPages: request.max_pages ?? defaultMaxPages(request.crawl_depth),
          concurrency: options.discoveryConcurrency ?? 3,
          navigationTimeoutMs: navigationMs,
          session,
          llm,
          onHome: (home) => {
            announceHome(home);
            // Never rejects: awaited only in the finally below, after a crawl that may throw first
            // (cancel, timeout), so a rejection here would go unhandled.
            if (!home.error) siteChecks = checkSiteLinks(home, session, navigationMs).catch((error: unknown) => void errors.push({ stage: "discovery.site_checks", message: firstLine(error) }));
          },
        });
        return result;
      } finally {
        // The link checks finish (they are part of discovery) before their context closes.
        await siteChecks;
        await session.close();
      }
    }));
    // Settled below; until then a failure must not surface as an unhandled rejection.
    discoveryRun.catch(() => undefined);

    // 2. Interaction: the four visitors, each a fresh context in the scan's browser.
    // A discovery that ends without the home page (cancelled, failed) never announces: its end ends the wait.
    const homeNode = await Promise.race([homeCrawled, discoveryRun.then(() => null, () => null)]);
    const startInteraction = (ranked: PageNode[] | Promise<PageNode[]>, home?: PageNode) =>
      raceAbort(controller.signal, stageTime("interaction", () =>
        runInteraction(inner, {
          ranked,
          home,
          outDir: job.outDir,
          sessions: options.sessions,
          pagesPerSession: options.pagesPerSession,
          maxConcurrentSessions: options.maxConcurrentSessions,
          timeouts: options.timeouts,
          browser,
          scanBrowser: scanBrowser(),
          blocked: blockLog(),
          allowPrivate,
        }),
      ));
    const earlyInteraction = homeNode && !homeNode.error && !controller.signal.aborted ? startInteraction(discoveryRun.then((d) => d.ranked), homeNode) : null;
    earlyInteraction?.catch(() => undefined);

    discovery = await discoveryRun;
    if (controller.signal.aborted) throw controller.signal.reason;
    await writeJson("interaction_graph.json", "interaction_graph", discovery.graph);
    const home = discovery.graph.nodes.find((n) => n.depth === 0);
    if (!home || home.error) throw new SiteUnreachableError(`${request.url} could not be loaded: ${home?.error ?? "no response"}`);

    interaction = await (earlyInteraction ?? startInteraction(discovery.ranked));
    errors.push(...interaction.errors);
    for (const f of interaction.files) await addArtifact(f.file, f.kind);
    if (controller.signal.aborted) throw controller.signal.reason;
    if (!Object.values(interaction.sessions).some((s) => s && s.pages.length > 0)) {
      const crashed = scanBrowser()?.closed ? "Chromium exited unexpectedly; " : "";
      throw new BrowserError(`${crashed}no visitor session completed: ${interaction.errors.map((e) => e.message).join("; ") || "unknown"}`);
    }
    // 3. Observability: evidence in, report out.
    evidence = buildEvidence(errors.length ? "partial" : "complete");
    await writeJson("evidence.json", "evidence", evidence);
    const finalEvidence = evidence;
    report = await stageTime("observability", async () => {
      inner.emit({ agent: "observability", level: "INFO", msg: "Analysing evidence", progress: 10 });
      let built = analyzeEvidence(finalEvidence, {
        framework: request.framework,
        affectedConsumers: request.affected_consumers,
        annualTurnover: request.annual_turnover,
        scanId: job.scanId,
        artifacts: [
          ...artifacts.map((a) => ({ file: a.file, kind: a.kind })),
          { file: "evidence_report.json", kind: "report_json" },
          { file: "evidence_report.html", kind: "report_html" },
          ...(options.skipPdf ? [] : [{ file: "evidence_report.pdf", kind: "report_pdf" }]),
        ],
      });
      if (request.use_llm) inner.emit({ agent: "observability", level: "INFO", msg: llm ? "Asking the language model for policy analysis and explanations" : "LLM requested but no key is configured", progress: 40 });
      built = await enrichReportWithLlm(built, finalEvidence, llm, request.use_llm ? "no API key" : "use_llm is false").catch((error: unknown) => {
        inner.emit({ agent: "observability", level: "WARNING", msg: `LLM step skipped: ${firstLine(error)}` });
        return built;
      });
      await writeJson("evidence_report.json", "report_json", built);
      const html = renderReportHtml(built);
      await writeFile(join(job.outDir, "evidence_report.html"), html);
      await addArtifact("evidence_report.html", "report_html");
      if (!options.skipPdf) {
        inner.emit({ agent: "observability", level: "INFO", msg: "Printing the PDF report", progress: 80 });
        const inlineImages: Record<string, string> = {};
        for (const shot of artifacts.filter((a) => a.kind === "screenshot")) {
          inlineImages[shot.file] = `data:image/png;base64,${(await readFile(join(job.outDir, shot.file))).toString("base64")}`;
        }
        await printPdf(scanBrowser(), settings, renderReportHtml(built, { inlineImages }), join(job.outDir, "evidence_report.pdf")).catch((error: unknown) => {
          errors.push({ stage: "observability.pdf", message: firstLine(error) });
          inner.emit({ agent: "observability", level: "WARNING", msg: `PDF not written: ${firstLine(error)}` });
        });
        await addArtifact("evidence_report.pdf", "report_pdf");
      }
      const s = built.violation_summary;
      inner.emit({
        agent: "observability",
        level: "SUCCESS",
        msg: `${s.total} violation(s) (HIGH ${s.severity_breakdown.HIGH}, MEDIUM ${s.severity_breakdown.MEDIUM}, LOW ${s.severity_breakdown.LOW}), score ${built.compliance_score.score} (${built.compliance_score.grade})`,
        progress: 100,
      });
      return built;
    });
  } catch (caught) {
    const reason = controller.signal.aborted ? controller.signal.reason : caught;
    failure = toScanError(reason instanceof ScanEndError || !ctx.signal.aborted ? reason : new ScanCancelledError(), firstLine);
    errors.push({ stage: failure.code === "cancelled" || failure.code === "timeout" ? "system" : stageOf(discovery, interaction), message: failure.message });
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onOuterAbort);
    controller.signal.removeEventListener("abort", closeBrowserOnAbort);
    await closeBrowser();
  }

  if (failure) {
    // Keep what was gathered: evidence.json with completeness "partial" and the reason.
    try {
      evidence = buildEvidence("partial");
      await writeJson("evidence.json", "evidence", evidence);
      if (discovery && !artifacts.some((a) => a.file === "interaction_graph.json")) await writeJson("interaction_graph.json", "interaction_graph", discovery.graph);
    } catch (error) {
      ctx.emit({ agent: "system", level: "ERROR", msg: `Could not write partial evidence: ${firstLine(error)}` });
    }
    const cancelled = failure.code === "cancelled";
    ctx.emit({ agent: "system", level: cancelled ? "WARNING" : "ERROR", msg: `Scan ${cancelled ? "cancelled" : "failed"} (${failure.code}): ${failure.message}` });
    return { status: cancelled ? "cancelled" : "error", error: failure, evidence, report, artifacts };
  }
  ctx.emit({ agent: "system", level: "SUCCESS", msg: `Scan complete: ${artifacts.length} artefacts in ${job.outDir}`, progress: 100 });
  return { status: "complete", error: null, evidence, report, artifacts };
}

function stageOf(discovery: DiscoveryResult | null, interaction: InteractionResult | null): string {
  if (!discovery) return "discovery";
  if (!interaction) return "interaction";
  return "observability";
}

/**
 * Chromium prints the HTML report in a context of the scan's browser (or, when that one is gone,
 * a browser of its own); the page is offline: an inline report needs no network.
 */
async function printPdf(scanBrowser: ScanBrowser | undefined, settings: EngineSettingsInput, html: string, path: string): Promise<void> {
  const session = scanBrowser && !scanBrowser.closed ? await scanBrowser.openVisitor() : await openBrowserSession({ settings });
  try {
    const page = await session.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load", timeout: 20_000 });
    await page.pdf({ path, format: "A4", printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" } });
  } finally {
    await session.close();
  }
}
