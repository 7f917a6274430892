import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession } from "@/agents/browser";
import { checkOptOutLink, checkWellKnownGpc, fetchPrivacyPolicy } from "@/agents/interaction/site-checks";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";

// The home page's link checks run beside the crawl; a cancelled scan closes the browser under
// them. A check must then report its failure, never throw: a rejection there escaped the scan.
describe("site checks", () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("find the opt-out control, the policy text and gpc.json on a live site", async () => {
    const session = await openBrowserSession({ hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true });
    try {
      const site = web.url("www.gpc-honoured.example");
      const [optOut, policy, gpc] = await Promise.all([
        checkOptOutLink(session.context, { href: new URL("/do-not-sell", site).toString(), text: "Do Not Sell" }, 20_000),
        fetchPrivacyPolicy(session.context, new URL("/privacy", site).toString(), 20_000),
        checkWellKnownGpc(session.context, site, 20_000),
      ]);
      expect(optOut).toMatchObject({ has_opt_out_control: true, redirect_loop: false, error: null, status: 200 });
      expect(policy.error).toBeNull();
      expect(policy.text.length).toBeGreaterThan(200);
      expect(gpc).toMatchObject({ gpc: true, error: null, status: 200 });
    } finally {
      await session.close();
    }
  });

  it("report, not throw, when the browser has closed under them", async () => {
    const session = await openBrowserSession({ hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true });
    const { context } = session;
    await session.close();
    const site = web.url("www.compliant.example");
    const optOut = await checkOptOutLink(context, { href: new URL("/do-not-sell", site).toString(), text: "Do Not Sell" }, 5_000);
    const policy = await fetchPrivacyPolicy(context, new URL("/privacy", site).toString(), 5_000);
    const gpc = await checkWellKnownGpc(context, site, 5_000);
    for (const check of [optOut, policy, gpc]) expect(check.error).toMatch(/closed/i);
    expect(optOut.has_opt_out_control).toBe(false);
    expect(policy.text).toBe("");
  });
});
