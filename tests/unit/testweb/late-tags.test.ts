import { describe, expect, it } from "vitest";
import { parseCookies, type WebRequest } from "@/tests/fixtures/web/http-types";
import { LATE_TAG_HOSTS, LATE_TAG_TIMING, LATE_TAGS_CLEAN_HOST, LATE_TAGS_HOST, NEVER_QUIET_PATH } from "@/tests/fixtures/web/late-tags";
import { route } from "@/tests/fixtures/web/router";

function get(host: string, path: string): { status: number; body: string } {
  const url = new URL(`https://${host}${path}`);
  const req: WebRequest = { scheme: "https", host, method: "GET", path, url, headers: { host }, body: "", cookies: parseCookies(undefined), gpc: false };
  const reply = route(req, 0);
  return { status: reply.status, body: String(reply.body) };
}

describe("late-tag test sites", () => {
  it("the late site runs its late-tag script on every page; the clean one parks it for the banner", () => {
    for (const path of ["/", "/contact", LATE_TAG_TIMING.route]) {
      expect(get(LATE_TAGS_HOST, path).body).toContain('<script src="/assets/late-tags.js" defer></script>');
      const clean = get(LATE_TAGS_CLEAN_HOST, path).body;
      expect(clean).toContain('type="text/plain" data-parked data-tracker="late-tags" data-category="marketing" data-src="/assets/late-tags.js"');
      expect(clean).not.toContain('<script src="/assets/late-tags.js"');
    }
  });

  it("the SPA route is also a server route", () => {
    expect(get(LATE_TAGS_HOST, LATE_TAG_TIMING.route).status).toBe(200);
  });

  it("the script loads each tag late: idle callback, timer, pushState route change", () => {
    const script = get(LATE_TAGS_HOST, "/assets/late-tags.js").body;
    expect(script).toContain("requestIdleCallback(linkedin");
    expect(script).toContain(`setTimeout(bing, ${LATE_TAG_TIMING.timerMs})`);
    expect(script).toContain(`setTimeout(openDeals, ${LATE_TAG_TIMING.routeChangeMs})`);
    expect(script).toContain("history.pushState");
    for (const host of ["snap.licdn.com", LATE_TAG_HOSTS.timer, LATE_TAG_HOSTS.route]) expect(script).toContain(host);
  });

  it("the live ticker page beacons for as long as it is open", () => {
    expect(get(LATE_TAGS_HOST, NEVER_QUIET_PATH).body).toMatch(/setInterval\(.*sendBeacon/s);
  });

  it("other hosts are not served by it", () => {
    expect(get("www.compliant.example", "/").body).not.toContain("late-tags.js");
  });
});
