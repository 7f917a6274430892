import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Page } from "playwright-core";
import { findChromium } from "@/agents/browser/chromium-path";
import { makeCanaryToken } from "@/agents/interaction/canary";
import { runSession } from "@/agents/interaction/session";
import { launchGuardedBrowser, openGuardedSession, type GuardedBrowser } from "@/agents/safety/browser-guard";
import { BOTSHY_HOST, BOTSHY_MEASUREMENT_ID } from "@/tests/fixtures/web/botshy-consent";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir } from "./helpers";

/** What the page shows once vanilla-cookieconsent has run: whether its dialog is on screen. */
async function consentLibraryState(page: Page) {
  // The library has run when its global is defined; it builds its dialog synchronously in run().
  await page.waitForFunction(() => typeof (window as Window & { CookieConsent?: unknown }).CookieConsent === "object", undefined, { timeout: 10_000 });
  await page.locator("#cc-main .cm").waitFor({ state: "visible", timeout: 3_000 }).catch(() => undefined);
  return page.evaluate(() => ({
    webdriver: navigator.webdriver,
    userAgent: navigator.userAgent,
    dialogShown: Boolean(document.querySelector("#cc-main .cm")?.checkVisibility()),
  }));
}

const isAnalytics = (url: string) => url.includes("google-analytics.com/g/collect") || url.includes(`googletagmanager.com/gtag/js?id=${BOTSHY_MEASUREMENT_ID}`);

// vanilla-cookieconsent hides from bots by default (hideFromBots: navigator.webdriver or a bot-like
// user agent): a scanner that looks like one finds no banner where people see one.
describe("a consent banner that hides from bots (vanilla-cookieconsent 3.1.0)", () => {
  let web: TestWeb;
  let guarded: GuardedBrowser;
  let outDir: string;
  beforeAll(async () => {
    web = await startTestWeb();
    guarded = await launchGuardedBrowser({ hostResolverRules: web.hostResolverRules, allowPrivate: true });
    outDir = await tempDir("botshy");
  });
  afterAll(async () => {
    await guarded?.close();
    await web?.close();
  });

  it("hides from a plain headless Chromium (the old identity) and shows itself to APO's visitor", async () => {
    // The control: Playwright's own headless launch, which is how scanners usually drive Chromium
    // (HeadlessChrome user agent, navigator.webdriver true). Only this test launches it.
    const plain = await chromium.launch({ executablePath: findChromium(), headless: true, args: [`--host-resolver-rules=${web.hostResolverRules}`] });
    try {
      const page = await (await plain.newContext({ ignoreHTTPSErrors: true })).newPage();
      await page.goto(web.url(BOTSHY_HOST), { waitUntil: "load" });
      const seen = await consentLibraryState(page);
      expect(seen.webdriver).toBe(true);
      expect(seen.userAgent).toContain("HeadlessChrome");
      expect(seen.dialogShown).toBe(false);
    } finally {
      await plain.close();
    }

    const visitor = await openGuardedSession({ browser: guarded.browser, ignoreHTTPSErrors: true });
    try {
      const page = await visitor.newPage();
      await page.goto(web.url(BOTSHY_HOST), { waitUntil: "load" });
      const seen = await consentLibraryState(page);
      expect(seen.webdriver).toBe(false);
      expect(seen.dialogShown).toBe(true);
      expect(await page.locator("#cc-main .cm").getByRole("button", { name: "Reject all" }).isVisible()).toBe(true);
    } finally {
      await visitor.close();
    }
  });

  it("is found and operated by the visitors: nothing before a choice, analytics after Accept all, none after Reject all", async () => {
    const run = (name: "pre_consent" | "accept_all" | "reject_all") =>
      runSession({
        name,
        pages: [web.url(BOTSHY_HOST)],
        outDir,
        canaryToken: makeCanaryToken(),
        typeCanaries: false,
        timeouts: FAST_TIMEOUTS,
        browser: { hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true },
        scanBrowser: guarded.browser,
        allowPrivate: true,
        signal: new AbortController().signal,
      });
    const [pre, accept, reject] = await Promise.all([run("pre_consent"), run("accept_all"), run("reject_all")]);

    expect(pre.evidence.banner.detected).toBe(true);
    expect(pre.evidence.requests.filter((r) => isAnalytics(r.url))).toEqual([]);

    expect(accept.evidence.banner).toMatchObject({ detected: true, action: "accept", action_result: "success" });
    const analytics = accept.evidence.requests.filter((r) => isAnalytics(r.url));
    expect(analytics.length).toBeGreaterThan(0);
    expect(analytics.every((r) => r.t_since_consent_ms !== null && r.t_since_consent_ms >= 0)).toBe(true);
    const accepted = accept.evidence.cookies.find((c) => c.name === "cc_cookie")?.value_sample ?? "";
    expect(decodeURIComponent(accepted)).toMatch(/"categories":\["necessary","analytics"\]/);

    expect(reject.evidence.banner).toMatchObject({ detected: true, action: "reject", action_result: "success", reject_on_first_layer: true });
    expect(reject.evidence.requests.filter((r) => isAnalytics(r.url))).toEqual([]);
    const rejected = reject.evidence.cookies.find((c) => c.name === "cc_cookie")?.value_sample ?? "";
    expect(decodeURIComponent(rejected)).toMatch(/"categories":\["necessary"\]/);

    for (const result of [pre, accept, reject]) expect(result.identity.user_agent).not.toMatch(/headless/i);
  });
});
