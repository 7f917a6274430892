import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWeb, startTestWeb } from "@/tests/fixtures/web/server";
import { SITES, SITE_HOSTS, compliant, gpcHonoured, gpcIgnored, siteByHost, tracky } from "@/tests/fixtures/web/sites";
import { request } from "./request";

let web: TestWeb;
beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(async () => {
  await web.close();
});

const get = (host: string, path = "/", headers: Record<string, string> = {}) => request(web.port, { host, path, headers });

describe("site catalogue", () => {
  it("has unique .example hosts and the required sites", () => {
    expect(new Set(SITE_HOSTS).size).toBe(SITES.length);
    for (const h of SITE_HOSTS) expect(h).toMatch(/^www\.[a-z-]+\.example$/);
    for (const h of ["www.compliant.example", "www.tracky.example", "www.onetrust-shop.example", "www.reject-ignored.example", "www.accept-only.example", "www.cookiebot-like.example", "www.gpc-ignored.example", "www.broken-optout.example", "www.no-policy.example"]) {
      expect(SITE_HOSTS).toContain(h);
    }
    expect(siteByHost("tracky.example")).toBe(tracky);
    expect(compliant.expected).toEqual([]);
  });

  it.each(SITES.map((s) => [s.host] as const))("%s serves every page of the shared template", async (host) => {
    for (const path of ["/", "/about", "/products", "/products/widget", "/contact", "/account/signup"]) {
      const res = await get(host, path);
      expect(res.status, `${host}${path}`).toBe(200);
      expect(res.body).toContain("<!doctype html>");
    }
    expect((await get(host, "/no-such-page")).status).toBe(404);
  });
});

describe("pages and forms", () => {
  it("collects personal data on contact and sign-up forms", async () => {
    const contact = await get("www.compliant.example", "/contact");
    for (const field of ['name="name"', 'type="email"', 'type="tel"']) expect(contact.body).toContain(field);
    const signup = await get("www.compliant.example", "/account/signup");
    for (const field of ['type="email"', 'type="password"', 'name="full_name"', 'name="address"', 'type="tel"', 'id="marketing-opt-in"']) expect(signup.body).toContain(field);
    expect(signup.body).not.toMatch(/id="marketing-opt-in" value="yes" checked/);
    expect(signup.body).toContain('action="/account/signup"');
  });

  it("tracky posts forms over plain http and pre-ticks the marketing box", async () => {
    const contact = await get("www.tracky.example", "/contact");
    expect(contact.body).toContain('action="http://www.tracky.example/contact"');
    const signup = await get("www.tracky.example", "/account/signup");
    expect(signup.body).toContain('action="http://www.tracky.example/account/signup"');
    expect(signup.body).toMatch(/id="marketing-opt-in" value="yes" checked/);
    const posted = await request(web.port, { host: "www.tracky.example", path: "/contact", scheme: "http", method: "POST", body: "email=a%40b.c", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(posted.status).toBe(200);
    expect(web.requests.some((r) => r.scheme === "http" && r.method === "POST" && r.body === "email=a%40b.c")).toBe(true);
  });

  it("sets a two-year first-party analytics cookie from the server only on tracky", async () => {
    const t = await get("www.tracky.example");
    expect(t.headers["set-cookie"]?.[0]).toMatch(/^FPID=FPID2\.2\.[0-9.]+; Path=\/; Max-Age=63072000; HttpOnly; SameSite=Lax; Secure$/);
    expect((await get("www.tracky.example", "/", { cookie: "FPID=x" })).headers["set-cookie"]).toBeUndefined();
    expect((await get("www.compliant.example")).headers["set-cookie"]).toBeUndefined();
  });

  it("loads tracky's trackers as live tags and parks compliant's until consent", async () => {
    const t = await get("www.tracky.example");
    expect(t.body).toMatch(/<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=G-[A-Z0-9]+"/);
    expect(t.body).toContain('src="https://static.hotjar.com/c/hotjar-');
    expect(t.body).not.toContain('id="cookie-banner"');
    const c = await get("www.compliant.example");
    expect(c.body).toMatch(/<script type="text\/plain" data-parked data-tracker="ga4" data-category="analytics"/);
    expect(c.body).not.toMatch(/<script async src="https:\/\/www\.googletagmanager/);
    expect(c.body).toContain('id="cookie-accept-all"');
    expect(c.body).toContain('id="cookie-reject-all"');
  });

  it("hides the banner and honours a recorded rejection server-side on an opt-out-model site", async () => {
    const fresh = await get("www.gpc-honoured.example");
    expect(fresh.body).toMatch(/<div id="cookie-banner"[^>]*>/);
    expect(fresh.body).not.toMatch(/<div id="cookie-banner"[^>]* hidden>/);
    expect(fresh.body).toContain('src="https://connect.facebook.net/en_US/fbevents.js" data-tracker="meta-pixel"');
    const rejected = await get("www.gpc-honoured.example", "/", {
      cookie: `cookie_consent=${encodeURIComponent(JSON.stringify({ necessary: true, analytics: false, marketing: false }))}`,
    });
    expect(rejected.body).toMatch(/<div id="cookie-banner"[^>]* hidden>/);
    expect(rejected.body).not.toContain("connect.facebook.net");
  });

  it("accepts first-party consent-log beacons only where the site runs its own banner", async () => {
    const logged = await request(web.port, { host: "www.compliant.example", path: "/consent-log", method: "POST", body: "{}" });
    expect(logged.status).toBe(204);
    const none = await request(web.port, { host: "www.tracky.example", path: "/consent-log", method: "POST", body: "{}" });
    expect(none.status).toBe(404);
  });

  it("gives the accept-only banner no first-layer reject and pre-ticked second-layer toggles", async () => {
    const res = await get("www.accept-only.example");
    expect(res.body).toContain('<button id="cookie-accept-all" class="btn btn-primary">Accept</button>');
    expect(res.body).not.toContain('id="cookie-reject-all"');
    expect(res.body).toContain('id="cookie-reject-all-2"');
    expect(res.body).toContain('id="consent-analytics" name="analytics" checked');
    expect(res.body).toContain('id="consent-marketing" name="marketing" checked');
  });

  it("marks parked scripts the way OneTrust and Cookiebot expect", async () => {
    const ot = await get("www.onetrust-shop.example");
    expect(ot.body).toContain('src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"');
    expect(ot.body).toMatch(/class="optanon-category-C0002"/);
    expect(ot.body).toMatch(/class="optanon-category-C0004"/);
    expect(ot.body).toContain("Your Privacy Choices");
    const cb = await get("www.cookiebot-like.example");
    expect(cb.body).toContain('<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js"');
    expect(cb.body).toMatch(/data-cookieconsent="statistics"/);
    expect(cb.body).toMatch(/data-cookieconsent="marketing"/);
    expect(cb.body).not.toContain("opt-out-link");
  });
});

describe("privacy policy", () => {
  it("publishes a full policy with every required section on the compliant site", async () => {
    const res = await get("www.compliant.example", "/privacy");
    expect(res.status).toBe(200);
    for (const needle of [
      "Last updated:",
      "dpo@compliant.example",
      "preceding 12 months",
      "Sources of personal information",
      "Legal basis for processing",
      "categories of third parties",
      "How long we keep",
      "request deletion",
      "correct inaccurate",
      "opt out of the sale or sharing",
      "limit the use and disclosure of sensitive personal information",
      "not discriminate",
      "1-800-555-0199",
      "/privacy-request",
      "Standard Contractual Clauses",
      "lodge a complaint with a supervisory authority",
      "withdraw it at any time",
      "under 16",
      "Global Privacy Control",
    ]) {
      expect(res.body, needle).toContain(needle);
    }
    expect((await get("www.compliant.example", "/privacy-request")).status).toBe(200);
  });

  it("publishes an incomplete policy on thin-policy and none on no-policy/tracky", async () => {
    const thin = await get("www.thin-policy.example", "/privacy");
    expect(thin.status).toBe(200);
    for (const missing of ["Last updated", "dpo@", "How long we keep", "request deletion", "lodge a complaint", "Legal basis"]) {
      expect(thin.body, missing).not.toContain(missing);
    }
    for (const host of ["www.no-policy.example", "www.tracky.example"]) {
      const home = await get(host);
      expect(home.body).not.toContain('href="/privacy"');
      expect((await get(host, "/privacy")).status).toBe(404);
    }
  });
});

describe("opt-out links", () => {
  it("links to a working opt-out page that records the choice", async () => {
    const home = await get("www.compliant.example");
    expect(home.body).toContain('<a href="/do-not-sell" class="opt-out-link">Do Not Sell or Share My Personal Information</a>');
    const page = await get("www.compliant.example", "/do-not-sell");
    expect(page.body).toContain('id="opt-out-submit"');
    const done = await request(web.port, { host: "www.compliant.example", path: "/do-not-sell", method: "POST", body: "opt_out=1" });
    expect(done.headers["set-cookie"]?.[0]).toMatch(/^dns_optout=1; Max-Age=31536000; Path=\/; SameSite=Lax; Secure$/);
    const after = await get("www.compliant.example", "/", { cookie: "dns_optout=1" });
    expect(after.body).toContain('"dnsOptOut":true');
    expect(after.body).not.toContain('data-tracker="meta-pixel"');
  });

  it("breaks the link in three ways: 404, redirect loop, dead end", async () => {
    const broken = await get("www.broken-optout.example");
    const href404 = /<a href="([^"]+)" class="opt-out-link">/.exec(broken.body)?.[1] ?? "";
    expect((await get("www.broken-optout.example", href404)).status).toBe(404);

    const loop = await get("www.optout-loop.example");
    const hrefLoop = /<a href="([^"]+)" class="opt-out-link">/.exec(loop.body)?.[1] ?? "";
    const first = await get("www.optout-loop.example", hrefLoop);
    expect(first.status).toBe(302);
    const second = await get("www.optout-loop.example", first.headers.location ?? "");
    expect(second.status).toBe(302);
    expect(second.headers.location).toBe(hrefLoop);

    const dead = await get("www.optout-deadend.example", "/do-not-sell");
    expect(dead.status).toBe(200);
    expect(dead.body).not.toContain("<form");
    expect(dead.body).not.toContain("1-800");
  });

  it("has no opt-out link on tracky", async () => {
    expect((await get("www.tracky.example")).body).not.toContain("opt-out-link");
  });
});

describe("Global Privacy Control", () => {
  it("serves /.well-known/gpc.json per site: true, false or absent", async () => {
    const yes = await get("www.compliant.example", "/.well-known/gpc.json");
    expect(yes.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(yes.body)).toEqual({ gpc: true, lastUpdate: "2026-01-01" });
    expect(JSON.parse((await get("www.gpc-ignored.example", "/.well-known/gpc.json")).body)).toEqual({ gpc: true, lastUpdate: "2026-01-01" });
    expect(JSON.parse((await get("www.tracky.example", "/.well-known/gpc.json")).body)).toMatchObject({ gpc: false });
    expect((await get("www.reject-ignored.example", "/.well-known/gpc.json")).status).toBe(404);
  });

  it("renders differently for Sec-GPC: 1 on a site that honours it", async () => {
    const plain = await get(compliant.host);
    const gpc = await get(compliant.host, "/", { "sec-gpc": "1" });
    expect(plain.body).toContain('<body data-gpc="0">');
    expect(gpc.body).toContain('<body data-gpc="1">');
    expect(gpc.body).toContain('class="gpc-notice"');
    expect(gpc.body).toContain('"gpcHeader":true');
    expect(plain.body).toContain('data-tracker="meta-pixel"');
    expect(gpc.body).not.toContain('data-tracker="meta-pixel"');
    expect(gpc.body).not.toContain('data-tracker="google-ads"');
    expect(gpc.body).toContain('data-tracker="ga4"'); // analytics is not a sale/share
    expect(gpc.headers.vary).toContain("Sec-GPC");

    const honoured = await get(gpcHonoured.host, "/", { "sec-gpc": "1" });
    expect(honoured.body).not.toContain("connect.facebook.net");
    expect(honoured.body).not.toContain("analytics.tiktok.com");
  });

  it("keeps ad pixels live under GPC where the site ignores it", async () => {
    const ignored = await get(gpcIgnored.host, "/", { "sec-gpc": "1" });
    expect(ignored.body).not.toContain('class="gpc-notice"');
    expect(ignored.body).toContain('<script async src="https://connect.facebook.net/en_US/fbevents.js"');
    expect(ignored.body).toContain("analytics.tiktok.com/i18n/pixel/events.js");
    expect(ignored.body).toContain('"honourGpc":false');
  });

  it("ships the pre-encoded GPP strings the page chooses from", async () => {
    const res = await get(compliant.host);
    const config = JSON.parse(/<script id="apo-site-config" type="application\/json">(.*?)<\/script>/.exec(res.body)?.[1] ?? "{}") as {
      gpp: { strings: Record<string, string> };
    };
    expect(config.gpp.strings["00"]).toBe("DBABLA~BVQqAAAAAgA.QA");
    expect(config.gpp.strings["11"]).toBe("DBABLA~BVQVAAAAAgA.YA");
  });
});
