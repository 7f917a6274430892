import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Canary, SessionEvidence, SessionName } from "@/agents/evidence/schema";
import type { ScanBrowser } from "@/agents/browser";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import type { LookupAll } from "@/agents/safety/resolve-guard";
import { BlockLog, type BlockedLookup } from "@/agents/safety/block-log";
import { openGuardedSession } from "@/agents/safety/browser-guard";
import { AutoconsentDriver, runConsent, type ConsentMode } from "./consent";
import { joinCookies } from "./cookies";
import { readConsentSignals, readStorage, SessionRecorder } from "./recorders";
import { typeCanaries } from "./type-canaries";
import { checkWellKnownGpc, type WellKnownGpc } from "./site-checks";
import { installSettleProbe, waitForQuiet } from "./settle-page";
import { firstLine } from "@/agents/error-text";
import { gatedGoto } from "@/agents/safety/url-gate";
import type { EngineSettingsInput } from "@/agents/settings";

export interface SessionTimeouts {
  navigationMs: number;
  /**
   * The longest settle window per page. Each window ends sooner, once the network and the page's
   * short timers have been quiet for quietMs (settle.ts); networkidle is no substitute, it never
   * fires on beacon-heavy sites (FIELD.md pitfalls).
   */
  settleMs: number;
  /** Quiet time that ends a settle window (default 600 ms). */
  quietMs?: number;
  detectionBudgetMs: number;
}

export interface SessionRunOptions {
  name: SessionName;
  /** Home first, then the ranked pages to replay. */
  pages: string[];
  /**
   * Pages that become known later (discovery still ranking while the visitor handles the home
   * page's banner): appended after the pages above once the home page is done. A rejection or
   * cancellation means no more pages.
   */
  morePages?: Promise<string[]>;
  outDir: string;
  canaryToken: string;
  typeCanaries: boolean;
  timeouts: SessionTimeouts;
  /** settings: Chromium's path, sandbox and environment, for a visitor without the scan's browser. */
  browser: { hostResolverRules?: string; ignoreHTTPSErrors?: boolean; settings?: EngineSettingsInput };
  /** The scan's Chromium: the visitor is a fresh context in it. Without it the visitor gets a Chromium of its own. */
  scanBrowser?: ScanBrowser;
  /** The scan's record of what the egress proxy refused (with scanBrowser). */
  blocked?: BlockedLookup;
  /** Test hook for the egress proxy's resolver of a visitor without scanBrowser. */
  lookup?: LookupAll;
  allowPrivate: boolean;
  /** The gpc visitor also fetches /.well-known/gpc.json once. */
  fetchWellKnown?: boolean;
  signal: AbortSignal;
  log?(level: "INFO" | "WARNING", msg: string): void;
}

export interface SessionRunResult {
  evidence: SessionEvidence;
  browserVersion: string | null;
  userAgent: string | null;
  identity: VisitorIdentity;
  wellKnown: WellKnownGpc | null;
  files: { har: string | null; traffic: string | null; screenshots: string[] };
}

const MODE: Record<SessionName, ConsentMode> = { pre_consent: "none", accept_all: "accept", reject_all: "reject", gpc: "none" };
/** After the banner a page gets at least this long: a CMP's choice can take a moment to load tags. */
const SETTLE_MIN_AFTER_BANNER_MS = 1_000;
/** The promise's value, or `fallback` as soon as the scan is cancelled. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, fallback: T): Promise<T> {
  if (signal.aborted) return Promise.resolve(fallback);
  return new Promise<T>((resolve) => {
    const onAbort = () => resolve(fallback);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    });
  });
}

/** One visitor: a fresh browser context that replays the pages and records everything it sees. */
export async function runSession(options: SessionRunOptions): Promise<SessionRunResult> {
  const startedAt = new Date();
  const { name, signal, timeouts } = options;
  const errors: string[] = [];
  const harPath = join(options.outDir, `${name}.har`);
  const trafficFile = `traffic_${name}.json`;
  const shotBefore = join("screenshots", `${name}-banner-before.png`);
  const shotAfter = join("screenshots", `${name}-banner-after.png`);
  // Without the scan's browser the visitor's own proxy refuses for it: the same log, kept here.
  const ownBlocks = new BlockLog();
  const blocked = options.blocked ?? ownBlocks;
  const session = await openGuardedSession({
    browser: options.scanBrowser,
    gpc: name === "gpc",
    harPath,
    settings: options.browser.settings,
    hostResolverRules: options.browser.hostResolverRules,
    ignoreHTTPSErrors: options.browser.ignoreHTTPSErrors,
    allowPrivate: options.allowPrivate,
    lookup: options.lookup,
    onBlocked: (b) => ownBlocks.add(b),
  });
  // Cancellation closes the visitor at once; pending Playwright calls then reject quickly.
  const onAbort = () => void session.close();
  signal.addEventListener("abort", onAbort, { once: true });
  const recorder = new SessionRecorder(session.context);
  recorder.blocked = blocked;
  const driver = new AutoconsentDriver(session.context);
  let userAgent: string | null = null;
  let wellKnown: WellKnownGpc | null = null;
  const canaries: Canary[] = [];
  const visited: string[] = [];
  const storage = new Map<string, SessionEvidence["storage"][number]>();
  let banner: SessionEvidence["banner"] = {
    detected: false, method: "none", cmp: null, text_sample: null, buttons: [], reject_on_first_layer: null, clicks_to_accept: null,
    clicks_to_reject: null, preticked: [], action: MODE[name], action_result: "not_attempted", self_test: null, consent_at_ms: null,
    screenshot_before: null, screenshot_after: null, steps: [], container: null, inoperable_reason: null,
  };
  let signals: SessionEvidence["consent_signals"] | null = null;
  const screenshots: string[] = [];

  const collectStorage = async (page: Page) => {
    for (const item of await readStorage(page, recorder.storageWriters)) storage.set(`${item.origin} ${item.kind} ${item.key}`, item);
  };

  try {
    await recorder.attach();
    await driver.attach();
    const page = await session.firstPage();
    await recorder.watchInitiators(page);
    await installSettleProbe(page);
    const settle = (minMs: number, maxMs = timeouts.settleMs) => waitForQuiet(page, { minMs, maxMs, ...(timeouts.quietMs ? { quietMs: timeouts.quietMs } : {}) }, signal);
    userAgent = (await page.evaluate(() => navigator.userAgent).catch(() => null)) ?? null;

    const pages = [...options.pages];
    for (let index = 0; index < pages.length; index++) {
      const url = pages[index] as string;
      if (signal.aborted) break;
      const navStart = Date.now();
      recorder.markNavigation(page);
      try {
        await gatedGoto(page, url, { waitUntil: "domcontentloaded", timeout: timeouts.navigationMs });
      } catch (error) {
        const message = `${url}: ${firstLine(error)}`;
        errors.push(message);
        options.log?.("WARNING", `${name}: could not load ${message}`);
        if (index === 0) break; // without the home page there is nothing to compare
        continue;
      }
      visited.push(page.url());
      options.log?.("INFO", `${name}: loaded ${page.url()} in ${((Date.now() - navStart) / 1000).toFixed(1)} s`);
      await page.waitForLoadState("load", { timeout: Math.min(5_000, timeouts.navigationMs) }).catch(() => undefined);
      if (index === 0) {
        banner = await runConsent(page, driver, {
          mode: MODE[name],
          detectionBudgetMs: timeouts.detectionBudgetMs,
          screenshotBefore: join(options.outDir, shotBefore),
          screenshotAfter: MODE[name] === "none" ? null : join(options.outDir, shotAfter),
          navigationStartedAt: navStart,
          onConsent: (at) => recorder.markConsent(at),
          signal,
        });
        driver.stop();
        if (banner.screenshot_before) screenshots.push((banner.screenshot_before = shotBefore));
        if (banner.screenshot_after) screenshots.push((banner.screenshot_after = shotAfter));
        options.log?.("INFO", `${name}: banner ${banner.detected ? `found (${banner.method}${banner.cmp ? `, ${banner.cmp}` : ""})` : "not found"}${banner.action !== "none" ? `, ${banner.action} → ${banner.action_result}` : ""}`);
        await settle(SETTLE_MIN_AFTER_BANNER_MS);
        if (name === "gpc") {
          // FIELD.md technique 4: reload in the same jar so GPC-aware CMPs re-evaluate with the signal.
          recorder.markNavigation(page);
          await page.reload({ waitUntil: "load", timeout: timeouts.navigationMs }).catch((e: unknown) => errors.push(`reload: ${firstLine(e)}`));
          await settle(SETTLE_MIN_AFTER_BANNER_MS);
        }
        if (options.typeCanaries) canaries.push(...(await typeCanaries(page, options.canaryToken, signal)));
        signals = await readConsentSignals(page, await recorder.jar());
      } else {
        if (options.typeCanaries) canaries.push(...(await typeCanaries(page, options.canaryToken, signal)));
        await settle(0);
      }
      await collectStorage(page);
      if (index === 0 && options.morePages && pages.length === 1) {
        const later = await untilAborted(options.morePages.catch(() => []), signal, []);
        pages.push(...later.filter((u) => u !== url && u !== visited[0]));
      }
    }
    if (options.fetchWellKnown && visited[0] && !signal.aborted) {
      wellKnown = await checkWellKnownGpc(session.context, visited[0], timeouts.navigationMs);
    }
    // A last short window lets beacons fired on blur reach the wire.
    await settle(0, Math.min(1_500, timeouts.settleMs));
  } catch (error) {
    errors.push(signal.aborted ? "cancelled" : firstLine(error, "session failed"));
  }

  const now = Date.now();
  const jar = signal.aborted ? [] : await recorder.jar().catch(() => []);
  const requests = recorder.recordedRequests();
  for (const r of requests) r.blocked_reason ??= blocked.get(r.url) ?? null;
  await recorder.detach();
  signal.removeEventListener("abort", onAbort);
  await session.close();

  const evidence: SessionEvidence = {
    name,
    started_at: startedAt.toISOString(),
    duration_ms: now - startedAt.getTime(),
    pages: visited,
    requests,
    cookies: joinCookies(jar, recorder.headerCookies, recorder.scriptCookies, now, recorder.consentAt),
    storage: [...storage.values()],
    consent_signals: signals ?? {
      page_url: null, usprivacy_cookie: null, uspapi: null, gpp_string: null, gpp_applicable_sections: [], tcf_string: null,
      optanon_consent: null, optanon_alert_box_closed: false, cookiebot_consent: null, navigator_gpc: null,
    },
    banner,
    fingerprinting: recorder.fingerprinting,
    canaries,
    websockets: recorder.webSockets.sockets(),
    har_file: `${name}.har`,
    traffic_file: trafficFile,
    errors,
  };
  await writeFile(join(options.outDir, trafficFile), JSON.stringify({ session: name, requests }, null, 1));
  return { evidence, browserVersion: session.browserVersion, userAgent, identity: session.identity, wellKnown, files: { har: `${name}.har`, traffic: trafficFile, screenshots } };
}
