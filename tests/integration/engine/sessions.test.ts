import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionEvidenceSchema } from "@/agents/evidence/schema";
import { makeCanaryToken } from "@/agents/interaction/canary";
import { runSession } from "@/agents/interaction/session";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, requestsCarrying, tempDir } from "./helpers";

describe("visitor sessions against the test web", () => {
  let web: TestWeb;
  let outDir: string;
  beforeAll(async () => {
    web = await startTestWeb();
    outDir = await tempDir("sessions");
  });
  afterAll(async () => {
    await web?.close();
  });

  const session = (name: "pre_consent" | "accept_all" | "reject_all" | "gpc", pages: string[], extra: { fetchWellKnown?: boolean } = {}) =>
    runSession({
      name,
      pages,
      outDir,
      canaryToken: makeCanaryToken(),
      typeCanaries: true,
      timeouts: FAST_TIMEOUTS,
      browser: { hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true },
      allowPrivate: true,
      signal: new AbortController().signal,
      ...extra,
    });

  it("pre_consent on tracky records trackers, cookies with setters, canvas fingerprinting and leaked canaries", async () => {
    const { evidence } = await session("pre_consent", [web.url("www.tracky.example", "/", "http"), web.url("www.tracky.example", "/account/signup", "http")]);
    expect(() => SessionEvidenceSchema.parse(evidence)).not.toThrow();
    expect(evidence.pages).toHaveLength(2);
    const ga = evidence.requests.filter((r) => r.url.includes("google-analytics.com"));
    expect(ga.length).toBeGreaterThan(0);
    expect(ga[0]?.t_since_consent_ms).toBeNull();
    const ide = evidence.cookies.find((c) => c.name === "IDE" && c.domain.includes("doubleclick.net"));
    expect(ide?.set_by.kind).toBe("set-cookie-header");
    expect(ide?.set_by.url).toContain("doubleclick.net");
    expect(ide?.lifetime_days ?? 0).toBeGreaterThan(300);
    expect(evidence.cookies.some((c) => c.set_by.kind === "document.cookie" && c.set_by.url)).toBe(true);
    expect(evidence.fingerprinting.some((f) => f.kind === "canvas" && f.script_url)).toBe(true);
    expect(evidence.canaries.length).toBeGreaterThan(0);
    const email = evidence.canaries.find((c) => c.kind === "email");
    expect(email?.value).toMatch(/^apo\.canary\.[a-z0-9]+@example\.org$/);
    const leaked = evidence.canaries.flatMap((c) => requestsCarrying(evidence.requests, c.value));
    expect(leaked.length).toBeGreaterThan(0);
    expect(evidence.requests.some((r) => r.initiator_url !== null)).toBe(true);
    expect(evidence.consent_signals.usprivacy_cookie).toBeTruthy();
  });

  it("gpc session sends Sec-GPC on every request and exposes navigator.globalPrivacyControl", async () => {
    web.clearRequests();
    const { evidence, wellKnown } = await session("gpc", [web.url("www.compliant.example")], { fetchWellKnown: true });
    const served = web.requests.filter((r) => r.host === "www.compliant.example");
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((r) => r.headers["sec-gpc"] === "1")).toBe(true);
    expect(evidence.consent_signals.navigator_gpc).toBe(true);
    expect(wellKnown?.gpc).toBe(true);
    expect(evidence.banner.action).toBe("none");
  });

  it("reject_all on the compliant site clicks reject and the banner goes away", async () => {
    const { evidence, files } = await session("reject_all", [web.url("www.compliant.example")]);
    expect(evidence.banner.detected).toBe(true);
    expect(evidence.banner.action).toBe("reject");
    expect(evidence.banner.action_result).toBe("success");
    expect(evidence.banner.reject_on_first_layer).toBe(true);
    expect(evidence.banner.consent_at_ms).not.toBeNull();
    expect(files.screenshots).toEqual(expect.arrayContaining(["screenshots/reject_all-banner-before.png", "screenshots/reject_all-banner-after.png"]));
    expect(evidence.requests.some((r) => r.t_since_consent_ms !== null && r.t_since_consent_ms > 0)).toBe(true);
  });

  it("reject_all on the OneTrust-like shop is done by autoconsent, with a passing self-test", async () => {
    const { evidence } = await session("reject_all", [web.url("www.onetrust-shop.example")]);
    expect(evidence.banner.method).toBe("autoconsent");
    expect(evidence.banner.cmp).toMatch(/onetrust/i);
    expect(evidence.banner.action_result).toBe("success");
    expect(evidence.banner.self_test).toBe(true);
    expect(evidence.consent_signals.optanon_consent).toBeTruthy();
  });
});
