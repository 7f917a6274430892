import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "@/agents/evidence/schema";
import type { EvidenceReport, FindingCode } from "@/lib/schemas/report";
import { FRAME_CMP_ORIGIN } from "@/tests/fixtures/web/hidden-cmps";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { CONSENT_VISITORS, codesWithStatus, scanPool, scanTestSite } from "./helpers";

// Consent platforms that hide: banners in (nested) open shadow roots, in a closed shadow root and
// in a cross-origin frame, scanned end to end in a real Chromium. Each site breaks a rule or honours it.
// Whole scans (crawl and four visitors) on a machine shared with other runs: a bound above the default.
describe("consent banners in shadow roots and cross-origin frames, end to end", { timeout: 300_000 }, () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await scans.settled();
    await web?.close();
  });

  // The scans are independent: two run at a time, each test judges its own.
  const HOSTS = ["www.shadow-cmp.example", "www.shadow-cmp-noreject.example", "www.framecmp-shop.example", "www.framecmp-ignored.example", "www.closed-shadow-cmp.example"];
  const scans = scanPool(HOSTS, (host) => scanTestSite(web, host, "GDPR", { label: "hidden-cmp", maxPages: 2, sessions: CONSENT_VISITORS }));

  async function scan(host: string): Promise<{ evidence: Evidence; report: EvidenceReport; confirmed: Set<FindingCode>; inconclusive: Set<FindingCode> }> {
    const { evidence, report } = await scans.get(host);
    return { evidence, report, confirmed: codesWithStatus(report, "violation"), inconclusive: codesWithStatus(report, "inconclusive") };
  }

  const BANNER_CODES: FindingCode[] = ["NO_CONSENT_MECHANISM", "NO_REJECT_OPTION", "REJECT_NOT_HONORED", "PRE_TICKED_CONSENT", "TRACKING_BEFORE_CONSENT"];

  it("www.shadow-cmp.example: finds, reads and operates a banner two shadow roots deep; the honoured choice leaves no banner finding", async () => {
    const { evidence, report, confirmed } = await scan("www.shadow-cmp.example");
    const reject = evidence.sessions.reject_all?.banner;
    expect(reject?.detected).toBe(true);
    expect(reject?.container).toMatchObject({ kind: "shadow_root", shadow_host: "privacy-shell >>> privacy-dialog", shadow_mode: "open", frame_url: null });
    expect(reject?.buttons.filter((b) => b.layer === 1).map((b) => b.role)).toEqual(expect.arrayContaining(["accept", "reject", "settings"]));
    expect(reject?.reject_on_first_layer).toBe(true);
    expect(reject?.action_result, JSON.stringify({ steps: reject?.steps, errors: evidence.sessions.reject_all?.errors })).toBe("success");
    expect(reject?.inoperable_reason).toBeNull();
    expect(evidence.sessions.accept_all?.banner.action_result, JSON.stringify({ steps: evidence.sessions.accept_all?.banner.steps, errors: evidence.sessions.accept_all?.errors })).toBe("success");
    // Accepting runs the parked tags: the choice was applied, so the absence after rejecting means something.
    expect(evidence.sessions.accept_all?.requests.some((r) => r.url.includes("google-analytics.com"))).toBe(true);
    expect(evidence.sessions.reject_all?.requests.some((r) => r.url.includes("google-analytics.com"))).toBe(false);
    for (const code of BANNER_CODES) expect(confirmed.has(code), code).toBe(false);
    expect(report.consent_verdict.reject_honored).toBe("yes");
    expect(report.consent_verdict.banner_container?.kind).toBe("shadow_root");
  });

  it("www.shadow-cmp-noreject.example: no reject on the first layer, none anywhere; the settings layer in the shadow root is read and used", async () => {
    const { evidence, confirmed } = await scan("www.shadow-cmp-noreject.example");
    const reject = evidence.sessions.reject_all?.banner;
    expect(reject?.container?.kind).toBe("shadow_root");
    expect(reject?.reject_on_first_layer).toBe(false);
    expect(reject?.buttons.some((b) => b.role === "reject")).toBe(false);
    expect(reject?.buttons.some((b) => b.layer === 2 && /save/i.test(b.text))).toBe(true);
    expect(reject?.preticked.filter((p) => !p.essential).map((p) => p.label)).toEqual(["Audience measurement", "Personalised advertising"]);
    expect(reject?.clicks_to_reject).toBeGreaterThan(1);
    expect(reject?.action_result, JSON.stringify({ steps: reject?.steps, errors: evidence.sessions.reject_all?.errors })).toBe("success");
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(true);
    expect(confirmed.has("PRE_TICKED_CONSENT")).toBe(true);
    expect(confirmed.has("REJECT_NOT_HONORED")).toBe(false);
    expect(confirmed.has("NO_CONSENT_MECHANISM")).toBe(false);
  });

  it("www.framecmp-shop.example: operates the dialog in a cross-origin frame; reject honoured", async () => {
    const { evidence, report, confirmed } = await scan("www.framecmp-shop.example");
    const reject = evidence.sessions.reject_all?.banner;
    expect(reject?.container).toMatchObject({ kind: "frame", frame_url: `${FRAME_CMP_ORIGIN}/dialog.html`, shadow_host: null });
    expect(reject?.reject_on_first_layer).toBe(true);
    expect(reject?.action_result, JSON.stringify({ steps: reject?.steps, errors: evidence.sessions.reject_all?.errors })).toBe("success");
    expect(evidence.sessions.accept_all?.banner.action_result, JSON.stringify({ steps: evidence.sessions.accept_all?.banner.steps, errors: evidence.sessions.accept_all?.errors })).toBe("success");
    expect(evidence.sessions.accept_all?.requests.some((r) => r.url.includes("google-analytics.com"))).toBe(true);
    for (const code of BANNER_CODES) expect(confirmed.has(code), code).toBe(false);
    expect(report.consent_verdict.reject_honored).toBe("yes");
    expect(report.consent_verdict.banner_container?.frame_url).toBe(`${FRAME_CMP_ORIGIN}/dialog.html`);
  });

  it("www.framecmp-ignored.example: the framed reject is clicked and proven, yet the page keeps tracking", async () => {
    const { evidence, confirmed } = await scan("www.framecmp-ignored.example");
    expect(evidence.sessions.reject_all?.banner.container?.kind).toBe("frame");
    expect(evidence.sessions.reject_all?.banner.action_result).toBe("success");
    expect(confirmed.has("REJECT_NOT_HONORED")).toBe(true);
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(false);
    expect(confirmed.has("NO_CONSENT_MECHANISM")).toBe(false);
  });

  it("www.closed-shadow-cmp.example: a banner in a closed shadow root is seen, not operated, and judged inconclusive", async () => {
    const { evidence, report, confirmed, inconclusive } = await scan("www.closed-shadow-cmp.example");
    const reject = evidence.sessions.reject_all?.banner;
    expect(reject?.detected).toBe(true);
    expect(reject?.container).toMatchObject({ kind: "shadow_root", shadow_mode: "closed", shadow_host: "privacy-shell#consent-manager" });
    expect(reject?.inoperable_reason).toMatch(/closed shadow root/);
    expect(reject?.buttons).toEqual([]);
    expect(reject?.action_result).toBe("failed");
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(false);
    expect(confirmed.has("NO_CONSENT_MECHANISM")).toBe(false);
    expect(confirmed.has("REJECT_NOT_HONORED")).toBe(false);
    expect(inconclusive.has("NO_REJECT_OPTION")).toBe(true);
    expect(report.consent_verdict.reject_honored).toBe("inconclusive");
    expect(report.consent_verdict.banner_inoperable_reason).toMatch(/closed shadow root/);
  });
});
