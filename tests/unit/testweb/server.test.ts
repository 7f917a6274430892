import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestWeb, startTestWeb } from "@/tests/fixtures/web/server";
import { TRACKER_HOSTS } from "@/tests/fixtures/web/tracker-hosts";
import { request } from "./request";

let web: TestWeb;
beforeAll(async () => {
  web = await startTestWeb({ port: 0 });
});
afterAll(async () => {
  await web.close();
});

describe("transport", () => {
  it("serves plain http and https on the same port", async () => {
    const secure = await request(web.port, { host: "www.tracky.example", scheme: "https" });
    const plain = await request(web.port, { host: "www.tracky.example", scheme: "http" });
    expect(secure.status).toBe(200);
    expect(plain.status).toBe(200);
    expect(secure.body).toContain("Tracky Deals");
    expect(plain.body).toContain("Tracky Deals");
    expect(web.requests.filter((r) => r.host === "www.tracky.example").map((r) => r.scheme)).toEqual(expect.arrayContaining(["http", "https"]));
  });

  it("exposes the Chromium host-resolver rule and URLs without ports", () => {
    expect(web.port).toBeGreaterThan(0);
    expect(web.hostResolverRules).toBe(`MAP * 127.0.0.1:${web.port}, EXCLUDE localhost`);
    expect(web.url("www.shop.example")).toBe("https://www.shop.example/");
    expect(web.url("www.shop.example", "about", "http")).toBe("http://www.shop.example/about");
  });

  it("records requests with host, method, path, headers and a capped body", async () => {
    web.clearRequests();
    const big = "x".repeat(20_000);
    await request(web.port, { host: "in.hotjar.com", path: "/api/v2/client/sites/1/visit-data?sv=7", method: "POST", body: big, headers: { "content-type": "text/plain" } });
    expect(web.requests).toHaveLength(1);
    const [rec] = web.requests;
    expect(rec?.host).toBe("in.hotjar.com");
    expect(rec?.method).toBe("POST");
    expect(rec?.path).toBe("/api/v2/client/sites/1/visit-data?sv=7");
    expect(rec?.headers["content-type"]).toBe("text/plain");
    expect(rec?.body.length).toBe(8 * 1024);
    expect(typeof rec?.time).toBe("number");
    web.clearRequests();
    expect(web.requests).toHaveLength(0);
  });
});

describe("host dispatch", () => {
  it("serves different content per Host header", async () => {
    const a = await request(web.port, { host: "www.compliant.example" });
    const b = await request(web.port, { host: "www.googletagmanager.com", path: "/gtag/js?id=G-TEST1" });
    expect(a.headers["content-type"]).toContain("text/html");
    expect(a.body).toContain("Compliant Goods");
    expect(b.headers["content-type"]).toContain("javascript");
    expect(b.body).toContain("google-analytics.com/g/collect");
  });

  it("answers unknown hosts with a 404 page", async () => {
    const res = await request(web.port, { host: "www.nowhere.example" });
    expect(res.status).toBe(404);
    expect(res.body).toContain("No site is served at www.nowhere.example");
  });

  it("redirects the bare domain to www and plain http to https where the site forces it", async () => {
    const bare = await request(web.port, { host: "tracky.example", path: "/about", scheme: "http" });
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe("http://www.tracky.example/about");
    const insecure = await request(web.port, { host: "www.compliant.example", path: "/contact?x=1", scheme: "http" });
    expect(insecure.status).toBe(301);
    expect(insecure.headers.location).toBe("https://www.compliant.example/contact?x=1");
  });

  it("lists the sites on localhost", async () => {
    const res = await request(web.port, { host: "localhost", scheme: "http" });
    expect(res.body).toContain("www.onetrust-shop.example");
    expect(res.body).toContain(`MAP * 127.0.0.1:${web.port}`);
  });
});

describe("third parties", () => {
  it("sets the DoubleClick IDE cookie as a Secure, SameSite=None third-party cookie", async () => {
    for (const host of ["ad.doubleclick.net", "googleads.g.doubleclick.net", "stats.g.doubleclick.net"]) {
      const res = await request(web.port, { host, path: "/pagead/viewthroughconversion/123/?random=1" });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("image/gif");
      const cookie = res.headers["set-cookie"]?.[0] ?? "";
      expect(cookie).toMatch(/^IDE=[^;]+; Domain=\.doubleclick\.net; Path=\/; Max-Age=33696000; Secure; SameSite=None$/);
    }
    const returning = await request(web.port, { host: "ad.doubleclick.net", path: "/ddm/activity/src=1", headers: { cookie: "IDE=abc" } });
    expect(returning.headers["set-cookie"]).toBeUndefined();
  });

  it("serves each vendor script at its real path", async () => {
    const scripts: [string, string, string][] = [
      ["connect.facebook.net", "/en_US/fbevents.js", "facebook.com/tr/"],
      ["analytics.tiktok.com", "/i18n/pixel/events.js?sdkid=X", "analytics.tiktok.com/api/v2/pixel"],
      ["bat.bing.com", "/bat.js", "bat.bing.com/action/0"],
      ["snap.licdn.com", "/li.lms-analytics/insight.min.js", "px.ads.linkedin.com/collect"],
      ["static.hotjar.com", "/c/hotjar-123.js?sv=6", "in.hotjar.com/api/v2/client/sites/"],
      ["edge.fullstory.com", "/s/fs.js", "rs.fullstory.com/rec/bundle"],
      ["fpnpmcdn.net", "/v3/key/loader_v3.js", "toDataURL"],
      ["cdn.formcapture.example", "/capture.js", "collect.formcapture.example"],
      ["cdn.cookielaw.org", "/scripttemplates/otSDKStub.js", "onetrust-banner-sdk"],
      ["consent.cookiebot.com", "/uc.js", "CybotCookiebotDialog"],
      ["cdnjs.cloudflare.com", "/ajax/libs/dayjs/1.11.10/dayjs.min.js", "dayjs"],
    ];
    for (const [host, path, marker] of scripts) {
      const res = await request(web.port, { host, path });
      expect(res.status, `${host}${path}`).toBe(200);
      expect(res.headers["content-type"], host).toContain("javascript");
      expect(res.body, host).toContain(marker);
    }
  });

  it("answers unknown tracker paths with a pixel (GET) or 204 (POST), and CORS preflights", async () => {
    const get = await request(web.port, { host: "www.facebook.com", path: "/whatever" });
    expect(get.headers["content-type"]).toBe("image/gif");
    const post = await request(web.port, { host: "collect.formcapture.example", path: "/v1/capture", method: "POST", body: "{}" });
    expect(post.status).toBe(204);
    const preflight = await request(web.port, { host: "analytics.tiktok.com", path: "/api/v2/pixel", method: "OPTIONS", headers: { origin: "https://www.tracky.example" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://www.tracky.example");
    expect(preflight.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("exports the tracker host list", () => {
    expect(TRACKER_HOSTS).toEqual(expect.arrayContaining(["www.google-analytics.com", "ad.doubleclick.net", "www.facebook.com", "in.hotjar.com"]));
  });
});
