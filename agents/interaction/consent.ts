import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import type { BannerEvidence } from "@/agents/evidence/schema";
import {
  autoconsentConfig,
  autoconsentSucceeded,
  handleAutoconsentMessage,
  initialAutoconsentState,
  type AutoconsentMessage,
  type AutoconsentState,
} from "./autoconsent-protocol";
import { clickBannerControl, locateBanner, readBannerToggles, untickBannerToggles, type FoundBanner } from "./banner-locate";
import { inoperableReason } from "./banner-place";
import { classifyButton, isEssentialToggle, isSaveChoice, type ButtonRole } from "./banner-wording";
import { sleep } from "./sleep";

export type ConsentMode = "none" | "accept" | "reject";

let bundle: { script: string; rules: string } | null = null;

/**
 * A require that finds @duckduckgo/autoconsent: beside this module first (the installed `apo` CLI's
 * bundle, whose cwd is anyone's), then from cwd (the Next.js standalone server, where this file's
 * own location may not exist).
 */
function autoconsentRequire(): NodeJS.Require {
  const bases = [join(process.cwd(), "package.json")];
  try {
    bases.unshift(import.meta.url);
  } catch {
    // import.meta is unavailable in some CJS bundles; cwd still works.
  }
  for (const base of bases.slice(0, -1)) {
    try {
      const req = createRequire(base);
      req.resolve("@duckduckgo/autoconsent");
      return req;
    } catch {
      // Not resolvable from here: try the next base.
    }
  }
  return createRequire(join(process.cwd(), "package.json"));
}

/** autoconsent's Playwright bundle and rules, read once. The bundle is not in the package's exports, so it is found beside main. */
function autoconsentBundle(): { script: string; rules: string } {
  if (bundle) return bundle;
  const require = autoconsentRequire();
  const main = require.resolve("@duckduckgo/autoconsent");
  const script = readFileSync(join(dirname(main), "autoconsent.playwright.js"), "utf8");
  const rules = readFileSync(require.resolve("@duckduckgo/autoconsent/rules/rules.json"), "utf8");
  bundle = { script, rules };
  return bundle;
}

const send = (frame: Frame, message: string) => frame.evaluate(`window.autoconsentReceiveMessage && window.autoconsentReceiveMessage(${message})`).catch(() => undefined);

/**
 * Drives @duckduckgo/autoconsent (unmodified, MPL-2.0) in one context. Detection runs with
 * autoAction null so the banner can be photographed and measured before we ask for the choice.
 */
export class AutoconsentDriver {
  readonly state: AutoconsentState = initialAutoconsentState();
  private popupFrame: Frame | null = null;
  private selfTestFrame: Frame | null = null;
  private stopped = false;

  constructor(private readonly context: BrowserContext) {}

  async attach(): Promise<void> {
    const { script, rules } = autoconsentBundle();
    const initResp = `{"type":"initResp","config":${JSON.stringify(autoconsentConfig(null))},"rules":${rules}}`;
    await this.context.exposeBinding("autoconsentSendMessage", async ({ frame }, message: AutoconsentMessage) => {
      if (!message || typeof message !== "object") return;
      const action = handleAutoconsentMessage(this.state, message, Date.now());
      if (message.type === "popupFound" && !this.popupFrame) this.popupFrame = frame;
      if ((message.type === "optOutResult" || message.type === "optInResult") && message.scheduleSelfTest) this.selfTestFrame = frame;
      if (action.kind === "initResp") {
        // Tracker iframes do not host CMPs worth the 700 KB of rules; blank frames cannot either.
        if (this.stopped || !/^https?:/.test(frame.url())) return;
        await send(frame, initResp);
      } else if (action.kind === "eval") {
        const result = await frame.evaluate(action.code).catch(() => false);
        await send(frame, JSON.stringify({ type: "evalResp", id: action.id, result: result ?? false }));
      }
    });
    await this.context.addInitScript({ content: script });
  }

  /**
   * The choice is made once, on the home page; later pages need no CMP rules, and sending the
   * 700 KB rule set to every frame of every page is most of a visitor's CPU.
   */
  stop(): void {
    this.stopped = true;
  }

  async requestAction(kind: "optOut" | "optIn"): Promise<boolean> {
    if (!this.popupFrame) return false;
    await send(this.popupFrame, JSON.stringify({ type: kind }));
    return true;
  }

  async requestSelfTest(): Promise<boolean> {
    const frame = this.selfTestFrame ?? this.popupFrame;
    if (!frame) return false;
    await send(frame, JSON.stringify({ type: "selfTest" }));
    return true;
  }
}

export interface ConsentRunOptions {
  mode: ConsentMode;
  /** Time allowed to find a banner at all. */
  detectionBudgetMs: number;
  screenshotBefore: string | null;
  screenshotAfter: string | null;
  navigationStartedAt: number;
  onConsent(at: number): void;
  signal: AbortSignal;
}

/**
 * How long after load our heuristic waits for autoconsent when it already sees a banner and
 * autoconsent has named no CMP: autoconsent has run since DOMContentLoaded, and one that has
 * recognised a CMP by then keeps the wait going (state.cmp) until its popup shows.
 */
const AUTOCONSENT_GRACE_MS = 1_000;
/** Between two looks at a banner that should be going away or changing layer. */
const BANNER_POLL_MS = 200;

const findBanner = (page: Page): Promise<FoundBanner | null> => locateBanner(page).catch(() => null);

async function screenshot(page: Page, path: string | null): Promise<string | null> {
  if (!path) return null;
  try {
    await page.screenshot({ path, timeout: 4_000, animations: "disabled" });
    return path;
  } catch {
    return null;
  }
}

const rolesOf = (banner: FoundBanner, layer: number) =>
  banner.controls.map((c) => ({ ...c, role: classifyButton(c.text) as ButtonRole, layer }));

/**
 * Finds the consent banner (autoconsent first, then our own heuristics) and, for accept/reject
 * visitors, makes the choice. Measures clicks, first/second layer, pre-ticked toggles and takes
 * screenshots before and after. Bounded by detectionBudgetMs plus a few seconds for the action.
 */
export async function runConsent(page: Page, driver: AutoconsentDriver, options: ConsentRunOptions): Promise<BannerEvidence> {
  const steps: string[] = [];
  const evidence: BannerEvidence = {
    detected: false,
    method: "none",
    cmp: null,
    text_sample: null,
    buttons: [],
    reject_on_first_layer: null,
    clicks_to_accept: null,
    clicks_to_reject: null,
    preticked: [],
    action: options.mode,
    action_result: options.mode === "none" ? "not_attempted" : "not_found",
    self_test: null,
    consent_at_ms: null,
    screenshot_before: null,
    screenshot_after: null,
    steps,
    container: null,
    inoperable_reason: null,
  };
  const state = driver.state;
  const started = Date.now();
  let heuristic: FoundBanner | null = null;
  // Poll both detectors: autoconsent's popupFound wins; our heuristic is used when autoconsent
  // stays silent (no rule for this CMP) — after a grace period so autoconsent gets its chance.
  while (!options.signal.aborted) {
    const elapsed = Date.now() - started;
    if (state.popupFound) break;
    heuristic = await findBanner(page);
    // An opaque host (closed shadow root) waits longer: a readable banner may still render.
    if (heuristic && !state.cmp && elapsed >= (heuristic.opaque ? 2_500 : AUTOCONSENT_GRACE_MS)) break;
    if (!heuristic && !state.cmp && elapsed >= Math.min(3_500, options.detectionBudgetMs)) break;
    if (elapsed >= options.detectionBudgetMs) break;
    await sleep(250, options.signal);
  }
  steps.push(...state.steps);
  if (state.popupFound) {
    evidence.detected = true;
    evidence.method = "autoconsent";
    evidence.cmp = state.cmp;
    heuristic = await findBanner(page);
  } else if (heuristic) {
    evidence.detected = true;
    evidence.method = "heuristic";
    steps.push(heuristic.opaque ? "heuristic: a consent host is shown but its content is closed to the page" : `heuristic: banner found from cookie wording${heuristic.container.kind === "document" ? " in a fixed/sticky container" : ""}`);
  } else {
    steps.push(state.cmp ? `autoconsent: ${state.cmp} present but no popup shown within ${options.detectionBudgetMs} ms` : "no consent banner found");
    evidence.cmp = state.cmp;
    return evidence;
  }

  if (heuristic) {
    evidence.container = heuristic.container;
    if (heuristic.container.kind !== "document") steps.push(`banner lives in a ${heuristic.container.kind.replace("_", " ")}: ${heuristic.container.frame_url ?? ""}${heuristic.container.frame_url && heuristic.container.shadow_host ? " " : ""}${heuristic.container.shadow_host ?? ""}`);
  }
  const unreadable = heuristic ? inoperableReason(heuristic, heuristic.container.frame_url) : null;
  if (unreadable && evidence.method === "heuristic") {
    // Seen but closed to the engine: nothing about its choices can be claimed, and no click is guessed.
    evidence.inoperable_reason = unreadable;
    evidence.screenshot_before = await screenshot(page, options.screenshotBefore);
    if (options.mode !== "none") {
      evidence.action_result = "failed";
      steps.push(`heuristic: cannot operate the banner: ${unreadable}`);
    }
    return evidence;
  }

  const first = heuristic ? rolesOf(heuristic, 1) : [];
  evidence.text_sample = heuristic?.text.slice(0, 500) ?? null;
  evidence.buttons = first.map(({ text, role, layer }) => ({ text, role, layer }));
  const acceptFirst = first.find((b) => b.role === "accept");
  const rejectFirst = first.find((b) => b.role === "reject");
  if (heuristic) {
    evidence.reject_on_first_layer = Boolean(rejectFirst);
    evidence.clicks_to_accept = acceptFirst ? 1 : null;
    evidence.clicks_to_reject = rejectFirst ? 1 : null;
  }
  evidence.screenshot_before = await screenshot(page, options.screenshotBefore);
  if (options.mode === "none") return evidence;

  const consentAt = () => {
    const now = Date.now();
    evidence.consent_at_ms = now - options.navigationStartedAt;
    options.onConsent(now);
  };

  if (evidence.method === "autoconsent") {
    consentAt();
    await driver.requestAction(options.mode === "reject" ? "optOut" : "optIn");
    const deadline = Date.now() + 8_000;
    while (state.actionResult === null && Date.now() < deadline && !options.signal.aborted) await sleep(100, options.signal);
    const doneBy = Date.now() + 3_000;
    while (!state.done && Date.now() < doneBy && !options.signal.aborted) await sleep(100, options.signal);
    if (autoconsentSucceeded(state)) {
      evidence.action_result = "success";
      if (options.mode === "reject" && state.clicks !== null && evidence.clicks_to_reject === null) evidence.clicks_to_reject = state.clicks;
      if (options.mode === "accept" && state.clicks !== null && evidence.clicks_to_accept === null) evidence.clicks_to_accept = state.clicks;
      await sleep(500, options.signal);
      // autoconsent's self-tests check the opted-out state, so they only mean something after a reject.
      if (options.mode === "reject" && (await driver.requestSelfTest())) {
        const testBy = Date.now() + 3_000;
        while (state.selfTest === null && Date.now() < testBy && !options.signal.aborted) await sleep(100, options.signal);
      }
      evidence.self_test = state.selfTest;
    } else {
      steps.push("autoconsent could not complete the choice; trying heuristics");
      heuristic = await findBanner(page);
    }
    steps.splice(0, steps.length, ...[...new Set([...steps, ...state.steps])]);
  }

  if (evidence.action_result !== "success" && heuristic) {
    const result = await heuristicChoice(page, heuristic, options.mode, evidence, steps, consentAt, options.signal);
    evidence.action_result = result;
  }
  // The choice has been seen to take (gone() or autoconsent's result): a moment for the page to repaint.
  await sleep(300, options.signal);
  evidence.screenshot_after = await screenshot(page, options.screenshotAfter);
  return evidence;
}

async function heuristicChoice(
  page: Page,
  banner: FoundBanner,
  mode: "accept" | "reject",
  evidence: BannerEvidence,
  steps: string[],
  consentAt: () => void,
  signal: AbortSignal,
): Promise<BannerEvidence["action_result"]> {
  const first = rolesOf(banner, 1);
  const accept = first.find((b) => b.role === "accept");
  const reject = first.find((b) => b.role === "reject");
  const settings = first.find((b) => b.role === "settings");
  // The banner has gone (or changed) once the choice took; a busy page gets a few looks, not one.
  const gone = async () => {
    const by = Date.now() + 3_000;
    do {
      await sleep(BANNER_POLL_MS, signal);
      const after = await findBanner(page);
      if (!after || after.text !== banner.text) return true;
    } while (Date.now() < by && !signal.aborted);
    return false;
  };

  if (mode === "accept") {
    if (!accept) {
      steps.push("heuristic: no accept control on the first layer");
      return "not_found";
    }
    consentAt();
    steps.push(`heuristic: clicked "${accept.text}"`);
    if ((await clickBannerControl(banner, accept.index)) && (await gone())) return "success";
    evidence.inoperable_reason = "the banner stayed after its accept control was clicked";
    return "failed";
  }

  // Reject: go through the settings layer when there is one, so pre-ticked toggles are seen.
  if (settings) {
    steps.push(`heuristic: opened settings "${settings.text}"`);
    if (await clickBannerControl(banner, settings.index)) {
      // The settings layer is read where the first layer was found (same frame), or anywhere if it
      // moved, as soon as it differs from the first layer (at most 1.5 s: some open with no change of text).
      const layer2 = (await settingsLayer(page, banner, signal)) ?? banner;
      const toggles = await readBannerToggles(layer2);
      evidence.preticked = toggles.filter((t) => t.on).map((t) => ({ label: t.label, essential: isEssentialToggle(t.label, t.disabled) }));
      const second = rolesOf(layer2, 2);
      evidence.buttons.push(...second.filter((b) => !evidence.buttons.some((x) => x.text === b.text)).map(({ text, role, layer }) => ({ text, role, layer })));
      const reject2 = second.find((b) => b.role === "reject");
      const save2 = second.find((b) => isSaveChoice(b.text));
      let clicks = 1;
      if (!reject2 && save2) {
        // Untick every non-essential toggle the site switched on, then save.
        const unticked = await untickBannerToggles(layer2);
        clicks += unticked;
        if (unticked) steps.push(`heuristic: unticked ${unticked} pre-ticked toggle(s)`);
      }
      const target = reject2 ?? save2;
      if (target) {
        consentAt();
        steps.push(`heuristic: clicked "${target.text}" on the settings layer`);
        const clicked = await clickBannerControl(layer2, target.index);
        clicks += 1;
        if (evidence.clicks_to_reject === null) evidence.clicks_to_reject = clicks;
        if (clicked && (await gone())) return "success";
      }
      steps.push("heuristic: no reject or save control on the settings layer");
    }
  }
  if (reject) {
    const again = (await findBanner(page)) ?? banner;
    const control = rolesOf(again, 1).find((b) => b.role === "reject");
    if (control) {
      consentAt();
      steps.push(`heuristic: clicked "${control.text}"`);
      if ((await clickBannerControl(again, control.index)) && (await gone())) return "success";
      evidence.inoperable_reason = "the banner stayed after its reject control was clicked";
      return "failed";
    }
  }
  if (!reject && !settings) steps.push("heuristic: no reject or settings control found");
  return evidence.consent_at_ms === null ? "not_found" : "failed";
}

/** The banner once it no longer reads as the first layer did (the settings layer opened), or the last look after 1.5 s. */
async function settingsLayer(page: Page, first: FoundBanner, signal: AbortSignal): Promise<FoundBanner | null> {
  const by = Date.now() + 1_500;
  let latest: FoundBanner | null = null;
  do {
    await sleep(BANNER_POLL_MS, signal);
    latest = await findBanner(page);
    if (latest && latest.text !== first.text) return latest;
  } while (Date.now() < by && !signal.aborted);
  return latest;
}
