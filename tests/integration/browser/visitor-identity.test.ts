import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { BrowserSession } from "@/agents/browser";
import { runDiscovery } from "@/agents/discovery";
import { launchGuardedBrowser, openGuardedSession, type GuardedBrowser } from "@/agents/safety/browser-guard";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import { BOTSHY_HOST } from "@/tests/fixtures/web/botshy-consent";
import { startTestWeb, type RecordedRequest as RecordedWebRequest, type TestWeb } from "@/tests/fixtures/web/server";
import { testContext } from "../engine/helpers";

/** What a page can read of its visitor, the way a bot detector would read it. */
async function pageView(page: Page) {
  return page.evaluate(async () => {
    const uaData = (navigator as Navigator & { userAgentData?: { brands: Array<{ brand: string; version: string }>; mobile: boolean; platform: string; getHighEntropyValues(h: string[]): Promise<Record<string, unknown>> } }).userAgentData;
    return {
      userAgent: navigator.userAgent,
      webdriver: navigator.webdriver,
      language: navigator.language,
      languages: [...navigator.languages],
      brands: uaData?.brands.map((b) => ({ brand: b.brand, version: b.version })) ?? null,
      mobile: uaData?.mobile ?? null,
      platform: uaData?.platform ?? null,
      highEntropy: uaData ? await uaData.getHighEntropyValues(["fullVersionList", "platformVersion", "architecture", "bitness"]) : null,
      plugins: [...navigator.plugins].map((p) => p.name),
      mimeTypes: navigator.mimeTypes.length,
      screen: { width: screen.width, height: screen.height, availWidth: screen.availWidth, availHeight: screen.availHeight, colorDepth: screen.colorDepth },
      window: { width: innerWidth, height: innerHeight },
      hardwareConcurrency: navigator.hardwareConcurrency,
      deviceMemory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      intlLocale: new Intl.NumberFormat().resolvedOptions().locale,
      gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    };
  });
}

/** What a dedicated worker the page starts reads of its visitor. */
async function workerView(page: Page) {
  return page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const source = "postMessage({ userAgent: navigator.userAgent, brands: navigator.userAgentData.brands.map((b) => ({ brand: b.brand, version: b.version })), languages: [...navigator.languages] })";
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = () => resolve("worker failed");
      }),
  );
}

const header = (r: RecordedWebRequest, name: string) => {
  const value = r.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};
const secChUa = (identity: VisitorIdentity) => identity.brands.map((b) => `"${b.brand}";v="${b.version}"`).join(", ");

/** Every request the server saw carries the identity's headers, first- and third-party alike. */
function expectHeadersPresent(requests: RecordedWebRequest[], identity: VisitorIdentity) {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    const where = `${r.host}${r.path}`;
    expect(header(r, "user-agent"), where).toBe(identity.user_agent);
    expect(header(r, "accept-language"), where).toBe(identity.accept_language);
    // Chromium sends the low-entropy client hints on every secure request.
    if (r.scheme === "https") {
      expect(header(r, "sec-ch-ua"), where).toBe(secChUa(identity));
      expect(header(r, "sec-ch-ua-mobile"), where).toBe("?0");
      expect(header(r, "sec-ch-ua-platform"), where).toBe(`"${identity.platform}"`);
    }
  }
}

function expectPageSees(view: Awaited<ReturnType<typeof pageView>>, identity: VisitorIdentity) {
  expect(view.userAgent).toBe(identity.user_agent);
  expect(view.userAgent).not.toMatch(/headless/i);
  expect(view.webdriver).toBe(false);
  expect(view.languages).toEqual(identity.languages);
  expect(view.language).toBe(identity.locale);
  expect(view.intlLocale).toBe(identity.locale);
  expect(view.brands).toEqual(identity.brands);
  expect(view.brands?.some((b) => b.brand === "Google Chrome")).toBe(true);
  expect([view.mobile, view.platform]).toEqual([false, identity.platform]);
  expect(view.highEntropy).toMatchObject({ fullVersionList: identity.full_version_list, platformVersion: identity.platform_version, architecture: identity.architecture, bitness: identity.bitness });
  // Desktop Chrome's built-in PDF viewer: five plugin entries and two MIME types.
  expect(view.plugins).toHaveLength(5);
  expect(view.plugins).toContain("PDF Viewer");
  expect(view.mimeTypes).toBe(2);
  expect(view.screen).toMatchObject({ width: identity.screen.width, height: identity.screen.height, colorDepth: identity.screen.color_depth });
  expect(view.screen.availWidth).toBeGreaterThanOrEqual(view.window.width);
  expect(view.screen.height).toBeGreaterThan(view.window.height);
  expect(view.window).toEqual(identity.viewport);
  expect(view.hardwareConcurrency).toBeGreaterThanOrEqual(1);
  expect(view.deviceMemory).toBeGreaterThan(0);
}

// Every visitor (the four sessions and discovery's crawl context) is opened by ScanBrowser.openVisitor.
describe("visitors present as a person's Chrome", () => {
  let web: TestWeb;
  let guarded: GuardedBrowser;
  beforeAll(async () => {
    web = await startTestWeb();
    guarded = await launchGuardedBrowser({ hostResolverRules: web.hostResolverRules, allowPrivate: true });
  });
  afterAll(async () => {
    await guarded?.close();
    await web?.close();
  });

  async function visit(session: BrowserSession, host: string) {
    web.clearRequests();
    const page = await session.newPage();
    await page.goto(web.url(host), { waitUntil: "load" });
    // The site's own tags (cdnjs, consent script) have all been requested by load.
    const view = await pageView(page);
    return { view, requests: web.requests.filter((r) => !/googleapis|gvt1|gstatic/.test(r.host)) };
  }

  for (const gpc of [false, true]) {
    it(`${gpc ? "the gpc visitor" : "a visitor"} sends Chrome's headers on every request and shows a page Chrome's navigator`, async () => {
      const session = await openGuardedSession({ browser: guarded.browser, gpc, ignoreHTTPSErrors: true });
      try {
        const { identity } = session;
        expect(identity.user_agent).toMatch(new RegExp(`Chrome/${guarded.browser.version.split(".")[0]}\\.0\\.0\\.0 Safari/537\\.36$`));
        const { view, requests } = await visit(session, "www.compliant.example");
        expectPageSees(view, identity);
        expectHeadersPresent(requests, identity);
        expect(requests.some((r) => r.host !== "www.compliant.example")).toBe(true);
        expect(view.gpc).toBe(gpc);
        expect(requests.every((r) => header(r, "sec-gpc") === (gpc ? "1" : undefined))).toBe(true);
      } finally {
        await session.close();
      }
    });
  }

  it("a visitor in a German locale and Berlin's time zone is German throughout (headers, navigator, Intl, clock)", async () => {
    const session = await openGuardedSession({ browser: guarded.browser, locale: "de-DE", timezoneId: "Europe/Berlin", ignoreHTTPSErrors: true });
    try {
      expect(session.identity).toMatchObject({ locale: "de-DE", languages: ["de-DE", "de", "en-US", "en"], accept_language: "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", timezone: "Europe/Berlin" });
      const { view, requests } = await visit(session, "www.compliant.example");
      expectPageSees(view, session.identity);
      expect(view.timeZone).toBe("Europe/Berlin");
      expect(await workerView(session.context.pages()[0] as Page)).toEqual({ userAgent: session.identity.user_agent, brands: session.identity.brands, languages: session.identity.languages });
      expectHeadersPresent(requests, session.identity);
    } finally {
      await session.close();
    }
  });

  it("discovery's crawl context crawls with the same identity", async () => {
    const session = await openGuardedSession({ browser: guarded.browser, ignoreHTTPSErrors: true });
    try {
      web.clearRequests();
      const { graph } = await runDiscovery(testContext(), { startUrl: web.url(BOTSHY_HOST), depth: 1, maxPages: 3, session });
      expect(graph.nodes.map((n) => new URL(n.url).pathname).sort()).toEqual(["/", "/about", "/privacy"]);
      const crawled = web.requests.filter((r) => r.host === BOTSHY_HOST);
      expect(crawled.filter((r) => header(r, "sec-fetch-dest") === "document").length).toBeGreaterThanOrEqual(3);
      expectHeadersPresent(crawled, session.identity);
      // The bot-shy banner showed itself to the crawler, so discovery records a banner.
      expect(graph.nodes.find((n) => n.depth === 0)?.banner_present).toBe(true);
    } finally {
      await session.close();
    }
  });
});
