import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession } from "@/agents/browser";
import { startTestWeb, type TestWeb } from "../../fixtures/web/server";

// The foundation's promise: Debian's Chromium, driven through agents/browser, reaches the local
// test web at real tracker hostnames and keeps third-party cookies as a real Chrome user would.
describe("browser module against the test web", () => {
  let web: TestWeb;

  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("sees a request to www.google-analytics.com and a third-party IDE cookie from doubleclick.net", async () => {
    const session = await openBrowserSession({ hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true });
    try {
      const page = await session.newPage();
      const hosts = new Set<string>();
      page.on("request", (request) => hosts.add(new URL(request.url()).hostname));
      await page.goto(web.url("www.tracky.example"), { waitUntil: "load" });
      await page.waitForTimeout(2_000);

      expect(hosts).toContain("www.google-analytics.com");
      const cookies = await session.context.cookies();
      const ide = cookies.find((c) => c.name === "IDE");
      expect(ide, `cookies seen: ${cookies.map((c) => `${c.name}@${c.domain}`).join(", ")}`).toBeDefined();
      expect(ide?.domain).toMatch(/doubleclick\.net$/);
      expect(session.browserVersion).toMatch(/^\d+\./);
    } finally {
      await session.close();
    }
  });

  it("sends Sec-GPC and exposes navigator.globalPrivacyControl only in a GPC session", async () => {
    for (const gpc of [true, false]) {
      const session = await openBrowserSession({ gpc, hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true });
      try {
        web.clearRequests();
        const page = await session.newPage();
        await page.goto(web.url("www.compliant.example"), { waitUntil: "load" });
        const navigatorGpc = await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true);
        const documentRequest = web.requests.find((r) => r.host === "www.compliant.example" && r.path === "/");
        expect(documentRequest).toBeDefined();
        expect(documentRequest?.headers["sec-gpc"]).toBe(gpc ? "1" : undefined);
        expect(navigatorGpc).toBe(gpc);
      } finally {
        await session.close();
      }
    }
  });
});
