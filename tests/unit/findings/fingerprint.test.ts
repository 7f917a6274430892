import { describe, expect, it } from "vitest";
import { toDiffViolation, violationFingerprint } from "@/lib/findings/fingerprint";
import { DiffViolationSchema } from "@/lib/schemas/monitor";
import type { EvidenceRequestRef, Violation } from "@/lib/schemas/report";
import { sampleReport } from "@/tests/unit/support/sample-report";

const report = sampleReport("scan-a", "GDPR");
const byType = (type: Violation["violation_type"]) => report.violations.find((v) => v.violation_type === type && v.status === "violation")!;

describe("violationFingerprint on a recorded report (tracky site, GDPR)", () => {
  it("names the trackers a traffic finding is about, sorted", () => {
    expect(violationFingerprint(byType("TRACKING_BEFORE_CONSENT")).parties).toEqual(["Google Analytics", "Hotjar", "Meta"]);
    expect(violationFingerprint(byType("SESSION_RECORDING")).parties).toEqual(["Hotjar"]);
    expect(violationFingerprint(byType("EXCESSIVE_COOKIE_LIFETIME")).parties).toEqual(["shop.example:_ga"]);
    expect(violationFingerprint(byType("BROWSER_FINGERPRINTING")).parties).toEqual(["tracker-cdn.example"]);
  });

  it("is 32 hex characters and the same for another scan of the same site", () => {
    const other = sampleReport("scan-b", "GDPR");
    for (const v of report.violations) {
      const fp = violationFingerprint(v).fingerprint;
      expect(fp).toMatch(/^[0-9a-f]{32}$/);
      expect(violationFingerprint(other.violations.find((o) => o.violation_type === v.violation_type)!).fingerprint).toBe(fp);
    }
  });

  it("ignores wording, ids, pages and their order, timestamps, severity and request order", () => {
    const v = byType("TRACKING_BEFORE_CONSENT");
    const fp = violationFingerprint(v).fingerprint;
    const reworded: Violation = {
      ...v,
      id: "another-id",
      description: "Entirely different words.",
      recommendation: "Something else.",
      rule_title: "Renamed",
      severity: "LOW",
      confidence: "low",
      pages: [...v.pages, "https://www.shop.example/b", "https://www.shop.example/a"].reverse(),
      evidence: {
        ...v.evidence,
        requests: [...v.evidence.requests].reverse().map((r) => ({ ...r, id: `x-${r.id}`, t_since_consent_ms: 12345, page_url: "https://www.shop.example/other" })),
        notes: ["different note"],
        screenshots: ["other.png"],
      },
    };
    expect(violationFingerprint(reworded).fingerprint).toBe(fp);
    // The same tracker listed more often (a count) changes nothing either.
    const doubled = { ...v, evidence: { ...v.evidence, requests: [...v.evidence.requests, ...v.evidence.requests] } };
    expect(violationFingerprint(doubled).fingerprint).toBe(fp);
  });

  it("changes with a party, the type or the framework", () => {
    const v = byType("TRACKING_BEFORE_CONSENT");
    const fp = violationFingerprint(v).fingerprint;
    const tiktok: EvidenceRequestRef = { ...v.evidence.requests[0]!, url: "https://analytics.tiktok.com/i18n/pixel/events.js", entity: "TikTok" };
    expect(violationFingerprint({ ...v, evidence: { ...v.evidence, requests: [...v.evidence.requests, tiktok] } }).fingerprint).not.toBe(fp);
    const withoutHotjar = { ...v, evidence: { ...v.evidence, requests: v.evidence.requests.filter((r) => r.entity !== "Hotjar") } };
    expect(violationFingerprint(withoutHotjar).parties).toEqual(["Google Analytics", "Meta"]);
    expect(violationFingerprint(withoutHotjar).fingerprint).not.toBe(fp);
    expect(violationFingerprint({ ...v, framework: "CCPA" }).fingerprint).not.toBe(fp);
    expect(violationFingerprint({ ...v, violation_type: "REJECT_NOT_HONORED" }).fingerprint).not.toBe(fp);
  });

  it("falls back to the registrable domain for hosts without a known entity", () => {
    const v = byType("TRACKING_BEFORE_CONSENT");
    const unknown = (url: string): EvidenceRequestRef => ({ ...v.evidence.requests[0]!, url, entity: null });
    const fp = (urls: string[]) => violationFingerprint({ ...v, evidence: { ...v.evidence, requests: urls.map(unknown), cookies: [] } });
    expect(fp(["https://px.ads.unknown-tracker.co.uk/p.gif", "https://cdn.unknown-tracker.co.uk/t.js"]).parties).toEqual(["unknown-tracker.co.uk"]);
    expect(fp(["http://127.0.0.1:8080/t.js"]).parties).toEqual(["127.0.0.1"]);
    // A subdomain moving within the same registrable domain is the same party.
    expect(fp(["https://a.unknown-tracker.co.uk/x"]).fingerprint).toBe(fp(["https://b.unknown-tracker.co.uk/y"]).fingerprint);
  });

  it("site-wide findings have no parties, whatever their evidence lists", () => {
    const v = byType("TRACKING_BEFORE_CONSENT");
    for (const type of ["MISSING_PRIVACY_POLICY", "NO_CONSENT_MECHANISM", "NO_REJECT_OPTION", "PRIVACY_POLICY_INCOMPLETE", "MISSING_OPT_OUT_LINK", "PRE_TICKED_CONSENT"] as const) {
      expect(violationFingerprint({ ...v, violation_type: type }).parties).toEqual([]);
    }
  });

  it("PII leaks, insecure forms and opt-out links name their hosts and targets", () => {
    const v = byType("TRACKING_BEFORE_CONSENT");
    const leak = { kind: "email", field: "email", page_url: "https://www.shop.example/signup", session: "pre_consent" as const, request_id: null, host: "ct.pinterest.com", channel: "url", feature: "f", location: "url-query", key: "em", form: "sha256", basis: "normalised value" };
    const pii: Violation = { ...v, violation_type: "PII_SHARED_WITH_THIRD_PARTY", evidence: { ...v.evidence, requests: [], cookies: [], pii_leaks: [leak, { ...leak, field: "phone" }] } };
    expect(violationFingerprint(pii).parties).toEqual(["pinterest.com"]);
    const form: Violation = { ...v, violation_type: "INSECURE_DATA_COLLECTION", evidence: { ...v.evidence, requests: [], cookies: [], signals: { page: "http://www.shop.example/signup", form_action: "http://www.shop.example/subscribe?ref=home", method: "post" } } };
    expect(violationFingerprint(form).parties).toEqual(["http://www.shop.example/subscribe"]);
    const link: Violation = { ...v, violation_type: "OPT_OUT_LINK_BROKEN", evidence: { ...v.evidence, requests: [], cookies: [], signals: { href: "https://www.shop.example/do-not-sell#top" } } };
    expect(violationFingerprint(link).parties).toEqual(["https://www.shop.example/do-not-sell"]);
  });

  it("toDiffViolation matches the contract", () => {
    const d = toDiffViolation(byType("SESSION_RECORDING"));
    expect(DiffViolationSchema.parse(d)).toEqual({ fingerprint: violationFingerprint(byType("SESSION_RECORDING")).fingerprint, violation_type: "SESSION_RECORDING", framework: "GDPR", severity: byType("SESSION_RECORDING").severity, rule_title: byType("SESSION_RECORDING").rule_title, parties: ["Hotjar"] });
  });
});

describe("the report carries each finding's fingerprint", () => {
  it("equals violationFingerprint for every violation and observation the report builder wrote", () => {
    const findings = [...report.violations, ...report.observations];
    expect(findings.length).toBeGreaterThan(3);
    for (const f of findings) expect(f.fingerprint).toBe(violationFingerprint(f).fingerprint);
  });
});
