import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeEvidence, EvidenceReportSchema, renderReportHtml } from "@/agents/observability";
import { analyzePrivacyPolicy } from "@/agents/observability/policy/analyze-policy";
import { computeScore } from "@/agents/observability/score";
import { EvidenceSchema } from "@/agents/evidence/schema";
import { frameworkIds } from "@/lib/schemas/framework";
import { COMPLETE_POLICY, homePage, makeEvidence, SITE } from "@/tests/fixtures/evidence/make-evidence";
import { gpcIgnored, noBanner, piiLeak, rejectIgnored, rejectUnproven, trackySite } from "@/tests/fixtures/evidence/scenarios";

const opts = { scanId: "scan-1", generatedAt: "2026-03-02T10:05:00.000Z" };

describe("analyzeEvidence", () => {
  it("produces a schema-valid report for every framework and scenario", () => {
    for (const evidence of [makeEvidence(), trackySite(), rejectIgnored(), rejectUnproven(), gpcIgnored(), noBanner(), piiLeak()]) {
      for (const framework of frameworkIds) {
        const report = analyzeEvidence(evidence, { ...opts, framework, affectedConsumers: 100 });
        expect(() => EvidenceReportSchema.parse(report)).not.toThrow();
      }
    }
  });

  it("lists the links the engine refused, escaped in the HTML, and none when there were none", () => {
    const hostile = `file:///data/jwt-secret?"><script>alert(1)</script>`;
    const evidence = { ...makeEvidence(), refused_links: [{ url: hostile, scheme: "file:", found_on: SITE, text: "Privacy <b>Policy</b>", role: "privacy_policy" as const, reason: "file: URLs are never opened (only http: and https:)" }] };
    const report = analyzeEvidence(evidence, { ...opts, framework: "GDPR" });
    expect(report.refused_links).toEqual([expect.objectContaining({ url: hostile, role: "privacy_policy" })]);
    const html = renderReportHtml(report);
    expect(html).toContain("Links not followed (1)");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    expect(analyzeEvidence(makeEvidence(), { ...opts, framework: "GDPR" }).refused_links).toEqual([]);
    expect(renderReportHtml(analyzeEvidence(makeEvidence(), { ...opts, framework: "GDPR" }))).not.toContain("Links not followed");
  });

  it("a compliant site scores 100 / A with no violations", () => {
    const report = analyzeEvidence(makeEvidence(), { ...opts, framework: "CCPA" });
    expect(report.violations).toEqual([]);
    expect(report.compliance_score).toEqual({ score: 100, grade: "A" });
    expect(report.gpc_verdict.verdict).toBe("honored");
    expect(report.consent_verdict.reject_honored).toBe("yes");
    expect(report.privacy_policy_analysis.coverage).toBe(100);
    expect(report.report_metadata.data_sources[0]?.licence).toMatch(/CC BY-NC-SA 4\.0/);
    expect(report.session_summary.baseline?.session).toBe("accept_all");
    expect(report.session_summary.compliance_gpc_on?.session).toBe("gpc");
  });

  it("reports pre-consent tracking as a violation under GDPR and as an observation under CCPA", () => {
    const gdpr = analyzeEvidence(trackySite(), { ...opts, framework: "GDPR" });
    const ccpa = analyzeEvidence(trackySite(), { ...opts, framework: "CCPA" });
    expect(gdpr.violations.find((v) => v.violation_type === "TRACKING_BEFORE_CONSENT")).toMatchObject({ rule_id: "EU-EP53-PRECONSENT", status: "violation", severity: "HIGH" });
    expect(ccpa.violations.some((v) => v.violation_type === "TRACKING_BEFORE_CONSENT")).toBe(false);
    expect(ccpa.observations.find((o) => o.violation_type === "TRACKING_BEFORE_CONSENT")?.reason).toMatch(/opt-out regime/);
    expect(gdpr.compliance_score.score).toBeLessThan(ccpa.compliance_score.score);
  });

  it("lists inconclusive findings without counting them", () => {
    const report = analyzeEvidence(rejectUnproven(), { ...opts, framework: "GDPR", annualTurnover: { amount: 1e9, currency: "EUR" } });
    const v = report.violations.find((x) => x.violation_type === "REJECT_NOT_HONORED");
    expect(v).toMatchObject({ status: "inconclusive", penalty: null, penalty_max_usd: null });
    expect(report.violation_summary.total).toBe(0);
    expect(report.violation_summary.inconclusive).toBe(1);
    expect(report.compliance_score.score).toBe(100);
    expect(report.consent_verdict.reject_honored).toBe("inconclusive");
  });

  it("fills the summary, tracker matrix and cookie table", () => {
    const report = analyzeEvidence(rejectIgnored(), { ...opts, framework: "GDPR" });
    expect(report.violation_summary.by_type).toEqual({ REJECT_NOT_HONORED: 1 });
    expect(report.consent_verdict.reject_honored).toBe("no");
    const meta = report.trackers.find((t) => t.entity === "Meta");
    expect(meta?.sessions).toMatchObject({ pre_consent: 0, accept_all: 1, reject_all: 1, gpc: 0 });
    expect(report.cookies.find((c) => c.name === "_fbp")).toMatchObject({ category: "advertising", party: "first", sessions: ["reject_all"] });
  });

  it("downgrades a missing CCPA opt-out link to MEDIUM when GPC is honoured (LAW.md §5)", () => {
    const e = makeEvidence({ discovery: { start_url: SITE, nodes: [homePage({ opt_out_links: [] })], edges: [] } });
    const report = analyzeEvidence(e, { ...opts, framework: "CCPA" });
    expect(report.violations.find((v) => v.violation_type === "MISSING_OPT_OUT_LINK")?.severity).toBe("MEDIUM");
  });
});

describe("privacy-policy analysis", () => {
  it("quotes are exact substrings of the policy", () => {
    for (const framework of frameworkIds) {
      const analysis = analyzePrivacyPolicy(makeEvidence(), framework);
      expect(analysis.missing, framework).toEqual([]);
      for (const d of analysis.disclosures) expect(COMPLETE_POLICY.includes(d.quote ?? "\u0000"), `${framework}/${d.id}`).toBe(true);
    }
  });
  it("finds LGPD disclosures in Portuguese", () => {
    const text = "Política de Privacidade. A finalidade do tratamento é a venda. O controlador é a Loja Exemplo. Compartilhamos dados com terceiros. Seus direitos incluem acesso. O encarregado é Maria, dpo@loja.example. A base legal é o consentimento. O prazo de retenção é de 2 anos.";
    const e = makeEvidence({ privacy_policy: { url: `${SITE}privacidade`, status: 200, title: "Privacidade", text } });
    const analysis = analyzePrivacyPolicy(e, "LGPD");
    expect(analysis.missing).toEqual([]);
    expect(analysis.disclosures.find((d) => d.id === "dpo")?.quote).toBe("O encarregado é Maria, dpo@loja.example.");
  });
  it("reports a missing policy as not analysed", () => {
    const analysis = analyzePrivacyPolicy(makeEvidence({ privacy_policy: null }), "GDPR");
    expect(analysis).toMatchObject({ analysed: false, coverage: 0 });
  });
});

describe("score", () => {
  it("follows the documented formula", () => {
    const v = (severity: "HIGH" | "MEDIUM" | "LOW", confidence: "high" | "medium" | "low", status: "violation" | "inconclusive" = "violation") =>
      ({ severity, confidence, status }) as Parameters<typeof computeScore>[0][number];
    expect(computeScore([v("HIGH", "high"), v("MEDIUM", "medium"), v("LOW", "low"), v("HIGH", "high", "inconclusive")])).toEqual({ score: 78, grade: "C" });
    expect(computeScore(Array.from({ length: 10 }, () => v("HIGH", "high")))).toEqual({ score: 0, grade: "F" });
  });
});

describe("renderReportHtml", () => {
  it("escapes site-derived text such as a <script> in a page title", () => {
    const e = trackySite();
    e.discovery.nodes = [{ ...e.discovery.nodes[0]!, title: '<script>alert("x")</script>' }];
    const pre = e.sessions.pre_consent!;
    pre.requests.push({ ...pre.requests[0]!, id: "evil", url: 'https://evil.example/"><img src=x onerror=alert(1)>' });
    const html = renderReportHtml(analyzeEvidence(e, { ...opts, framework: "GDPR" }));
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<img src=x");
  });
  it("is self-contained and printable, with verdicts, citations and the disclaimer", () => {
    const report = analyzeEvidence(trackySite(), { ...opts, framework: "GDPR", artifacts: [{ file: "report.pdf", kind: "report_pdf" }] });
    const html = renderReportHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("@media print");
    expect(html).not.toMatch(/<link |<script/);
    expect(html).toContain("EU-EP53-PRECONSENT");
    expect(html).toContain("Evidence, not legal advice");
    expect(html).toContain('src="screenshots/pre_consent-before.png"');
  });
  it("inlines screenshots when given data URIs, and refuses unsafe ones", () => {
    const report = analyzeEvidence(trackySite(), { ...opts, framework: "GDPR" });
    const html = renderReportHtml(report, { inlineImages: { "screenshots/pre_consent-before.png": "data:image/png;base64,iVBORw0KGgo=" } });
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    const bad = renderReportHtml(report, { inlineImages: { "screenshots/pre_consent-before.png": "javascript:alert(1)" } });
    expect(bad).not.toContain("javascript:");
  });
});

// Evidence recorded by the browser engine, dropped in tests/fixtures/evidence/recorded/*.json, is
// analysed here without a browser; the suite is skipped while the folder has none.
const recordedDir = path.join(process.cwd(), "tests/fixtures/evidence/recorded");
const recorded = readdirSync(recordedDir).filter((f) => f.endsWith(".json"));
describe.skipIf(recorded.length === 0)("recorded evidence", () => {
  for (const file of recorded) {
    it(`${file} analyses into a valid report for every framework`, () => {
      const evidence = EvidenceSchema.parse(JSON.parse(readFileSync(path.join(recordedDir, file), "utf8")));
      for (const framework of frameworkIds) {
        const report = analyzeEvidence(evidence, { ...opts, framework });
        expect(() => EvidenceReportSchema.parse(report)).not.toThrow();
        expect(renderReportHtml(report)).toContain("</html>");
      }
    });
  }
});
