import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { CONSENT_VISITORS, scanPool, scanTestSite } from "./helpers";

// Decoded consent signals end to end in a real Chromium: the TCF string each visitor's CMP
// recorded, the Google Consent Mode state each Google tag request reports, and GPP state sections,
// judged from the scan's own evidence (signal-sites.ts).

// What each site is judged under. The consent-framework (GDPR) sites need no GPC visitor, and no
// test here looks past the home page, so each scan crawls that page only.
const FRAMEWORKS: Record<string, Framework> = {
  "www.tcf-honest.example": "GDPR",
  "www.tcf-liar.example": "GDPR",
  "www.tcf-grants.example": "GDPR",
  "www.gcm-liar.example": "GDPR",
  "www.gcm-denied-pings.example": "GDPR",
  "www.gpp-states-ignored.example": "US_CO",
  "www.gpp-states-honoured.example": "US_CO",
};

// Whole scans, two at a time, on a machine that may be shared: a bound above the default.
describe("decoded consent signals on the test sites, end to end", { timeout: 300_000 }, () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await scans.settled();
    await web?.close();
  });

  // The scans are independent: two run at a time, each test judges its own.
  const scans = scanPool(Object.keys(FRAMEWORKS), async (host) => {
    const framework = FRAMEWORKS[host] ?? "GDPR";
    const options = { label: "signals", maxPages: 1, ...(framework === "GDPR" ? { sessions: CONSENT_VISITORS } : {}) };
    return (await scanTestSite(web, host, framework, options)).report;
  });
  const scan = async (host: string, framework: Framework): Promise<EvidenceReport> => {
    expect(FRAMEWORKS[host]).toBe(framework);
    return scans.get(host);
  };
  const violations = (report: EvidenceReport, code: string) => report.violations.filter((v) => v.status === "violation" && v.violation_type === code);
  const tcfOf = (report: EvidenceReport, session: string) => report.consent_signals.tcf.find((t) => t.session === session)?.decoded;

  it("www.tcf-honest.example (GDPR): Accept grants purposes and vendors, Reject grants nothing, no vendor named", async () => {
    const report = await scan("www.tcf-honest.example", "GDPR");
    expect(tcfOf(report, "accept_all")?.purposes_consent).toEqual([1, 2, 3, 4, 7, 9, 10]);
    expect(tcfOf(report, "accept_all")?.vendors_consent).toEqual([91, 755]);
    expect(tcfOf(report, "accept_all")?.policy_version).toBe(4);
    expect(tcfOf(report, "reject_all")?.purposes_consent).toEqual([]);
    expect(report.consent_signals.tcf_reject_grants).toEqual({ purposes: [], vendors: [] });
    expect(report.consent_signals.tcf_vendors_without_consent).toEqual([]);
    expect(violations(report, "REJECT_NOT_HONORED")).toEqual([]);
  });

  it("www.tcf-liar.example (GDPR): REJECT_NOT_HONORED names TCF vendor 755 Google, which the string after Reject does not allow", async () => {
    const report = await scan("www.tcf-liar.example", "GDPR");
    const [finding] = violations(report, "REJECT_NOT_HONORED");
    expect(finding, report.violations.map((v) => v.violation_type).join(", ")).toBeDefined();
    expect(finding?.evidence.notes.join(" ")).toMatch(/TCF vendor 755 Google Advertising Products received \d+ request\(s\) while the TCF string after 'Reject all' grants it no consent/);
    const named = report.consent_signals.tcf_vendors_without_consent.find((v) => v.session === "reject_all" && v.vendor_id === 755);
    expect(named?.hosts.some((h) => h.endsWith("doubleclick.net"))).toBe(true);
  });

  it("www.tcf-grants.example (GDPR): no tracker after Reject, but the TC string still grants purposes: REJECT_NOT_HONORED", async () => {
    const report = await scan("www.tcf-grants.example", "GDPR");
    expect(report.consent_signals.tcf_reject_grants?.purposes).toEqual([1, 7, 9, 10]);
    const [finding] = violations(report, "REJECT_NOT_HONORED");
    expect(finding?.description).toMatch(/still grants consent for purpose\(s\) 1 \(Store and\/or access/);
    expect(finding?.evidence.requests).toEqual([]);
  });

  it("www.gcm-liar.example (GDPR): the tag reports ad_storage granted after Reject: REJECT_NOT_HONORED with that evidence", async () => {
    const report = await scan("www.gcm-liar.example", "GDPR");
    const granted = report.consent_signals.google_consent_mode.filter((r) => r.session === "reject_all" && (r.t_since_consent_ms ?? -1) > 0 && r.ad_storage === "granted");
    expect(granted.length).toBeGreaterThan(0);
    expect(granted[0]?.gcs).toBe("G111");
    expect(granted[0]?.gcd_detail?.ad_storage).toEqual({ default: "denied", update: "granted" });
    const [finding] = violations(report, "REJECT_NOT_HONORED");
    expect(finding?.evidence.notes.join(" ")).toMatch(/'Reject all' was recorded, yet \d+ Google tag request\(s\) report ad_storage granted \(e\.g\. gcs=G111\)/);
  });

  it("www.gcm-denied-pings.example (GDPR): only denied cookieless pings: observations with the legal debate, no violation", async () => {
    const report = await scan("www.gcm-denied-pings.example", "GDPR");
    const pings = report.consent_signals.google_consent_mode.filter((r) => r.session !== "accept_all");
    expect(pings.length).toBeGreaterThan(0);
    expect(pings.every((r) => r.ad_storage === "denied" && r.analytics_storage === "denied" && r.cookieless)).toBe(true);
    expect(violations(report, "REJECT_NOT_HONORED")).toEqual([]);
    expect(violations(report, "TRACKING_BEFORE_CONSENT")).toEqual([]);
    const observed = report.observations.filter((o) => o.reason.includes("EDPB")).map((o) => o.violation_type).sort();
    expect(observed).toEqual(["REJECT_NOT_HONORED", "TRACKING_BEFORE_CONSENT"]);
    // After Accept the same tag reports granted and sets cookies: the decoding sees both.
    expect(report.consent_signals.google_consent_mode.some((r) => r.session === "accept_all" && r.ad_storage === "granted")).toBe(true);
  });

  it("www.gpp-states-ignored.example (US_CO): usco/usct say 'did not opt out' with GPC on: GPC_NOT_HONORED", async () => {
    const report = await scan("www.gpp-states-ignored.example", "US_CO");
    const sections = report.gpc_verdict.signals_after?.gpp_sections ?? [];
    expect(sections.map((s) => [s.name, s.sale_opt_out, s.targeted_advertising_opt_out, s.gpc])).toEqual([
      ["usco", 2, 2, true],
      ["usct", 2, 2, true],
    ]);
    expect(report.gpc_verdict.domains_ignoring_gpc).toEqual([]);
    expect(report.gpc_verdict.reasons).toContain("GPP usco SaleOptOut = 2 (did not opt out).");
    expect(violations(report, "GPC_NOT_HONORED")).toHaveLength(1);
  });

  it("www.gpp-states-honoured.example (US_CO): usco/usct record the opt-out: no GPC_NOT_HONORED", async () => {
    const report = await scan("www.gpp-states-honoured.example", "US_CO");
    const sections = report.gpc_verdict.signals_after?.gpp_sections ?? [];
    expect(sections.map((s) => [s.name, s.sale_opt_out, s.targeted_advertising_opt_out, s.gpc])).toEqual([
      ["usco", 1, 1, true],
      ["usct", 1, 1, true],
    ]);
    expect(report.gpc_verdict.verdict).toBe("honored");
    expect(violations(report, "GPC_NOT_HONORED")).toEqual([]);
  });
});
