import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EvidenceSchema, type Evidence } from "@/agents/evidence/schema";
import { analyzeEvidence, renderReportHtml, syncPrimaryResult } from "@/agents/observability";
import { regionProfiles } from "@/lib/schemas/region";
import { EvidenceReportSchema, type FrameworkResult } from "@/lib/schemas/report";

function recorded(site: string): Evidence {
  const file = path.join(process.cwd(), "tests/fixtures/evidence/recorded", `${site}.evidence.json`);
  return EvidenceSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

const base = { scanId: "recorded", generatedAt: "2026-11-25T12:00:00.000Z" };
const confirmed = (r: FrameworkResult) => new Set(r.violations.filter((v) => v.status === "violation").map((v) => v.violation_type));
const observed = (r: FrameworkResult) => new Set(r.observations.map((o) => o.violation_type));

// One crawl, one set of visitors: the same recorded evidence judged by two frameworks at once.
describe("a verdict per framework from one evidence file", () => {
  const evidence = recorded("tracky");
  const report = analyzeEvidence(evidence, { ...base, framework: "GDPR", frameworks: ["GDPR", "CCPA"] });
  const [gdpr, ccpa] = report.framework_results;

  it("lists both frameworks, the primary first, and validates against the report schema", () => {
    expect(report.framework_results.map((r) => [r.framework, r.primary])).toEqual([["GDPR", true], ["CCPA", false]]);
    expect(report.report_metadata.frameworks).toEqual(["GDPR", "CCPA"]);
    expect(() => EvidenceReportSchema.parse(report)).not.toThrow();
  });

  it("gives GDPR's consent findings under GDPR and CCPA's GPC and opt-out findings under CCPA", () => {
    expect(confirmed(gdpr!)).toContain("TRACKING_BEFORE_CONSENT");
    expect(confirmed(gdpr!)).toContain("NO_CONSENT_MECHANISM");
    expect(confirmed(gdpr!)).not.toContain("GPC_NOT_HONORED");
    expect(observed(gdpr!)).toContain("GPC_NOT_HONORED");

    expect(confirmed(ccpa!)).toContain("GPC_NOT_HONORED");
    expect(confirmed(ccpa!)).toContain("MISSING_OPT_OUT_LINK");
    expect(confirmed(ccpa!)).not.toContain("TRACKING_BEFORE_CONSENT");
    expect(observed(ccpa!)).toContain("TRACKING_BEFORE_CONSENT");
    expect(ccpa!.violations.every((v) => v.framework === "CCPA")).toBe(true);
  });

  it("computes each framework's own fines, in its own currency, and its own score", () => {
    expect(gdpr!.violation_summary.penalty_currency).toBe("EUR");
    expect(ccpa!.violation_summary.penalty_currency).toBe("USD");
    expect(ccpa!.jurisdiction).toBe("California, USA");
    expect(gdpr!.compliance_score.grade).toBe("F");
  });

  it("keeps the top level exactly the primary framework's report (the contract)", () => {
    const alone = analyzeEvidence(evidence, { ...base, framework: "GDPR" });
    const strip = (r: typeof report) => ({ ...r, framework_results: [], report_metadata: { ...r.report_metadata, frameworks: [] } });
    expect(strip(report)).toEqual(strip(alone));
    expect(gdpr!.violations).toEqual(report.violations);
    expect(gdpr!.compliance_score).toEqual(report.compliance_score);
    // The primary-only report still has its one verdict.
    expect(alone.framework_results.map((r) => r.framework)).toEqual(["GDPR"]);
  });

  it("orders by the primary whatever order the list has, and names each framework once", () => {
    const r = analyzeEvidence(evidence, { ...base, framework: "CCPA", frameworks: ["GDPR", "CCPA", "GDPR"] });
    expect(r.framework_results.map((x) => x.framework)).toEqual(["CCPA", "GDPR"]);
    expect(r.report_metadata.framework).toBe("CCPA");
  });

  it("keeps the primary's entry in step with LLM additions to the top level", () => {
    const first = report.violations[0]!;
    const enriched = { ...report, violations: [{ ...first, llm_explanation: "why" }, ...report.violations.slice(1)] };
    expect(syncPrimaryResult(enriched).framework_results[0]!.violations[0]!.llm_explanation).toBe("why");
    expect(syncPrimaryResult(enriched).framework_results[1]).toBe(report.framework_results[1]);
  });

  it("shows a section per framework, and the region, in the HTML report", () => {
    const withRegion = analyzeEvidence({ ...evidence, region: { ...regionProfiles.de, accept_language: "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", via_region_proxy: true } }, { ...base, framework: "GDPR", frameworks: ["GDPR", "CCPA"] });
    expect(withRegion.report_metadata.region?.timezone).toBe("Europe/Berlin");
    const html = renderReportHtml(withRegion);
    expect(html).toContain('id="framework-CCPA"');
    expect(html).toContain('id="framework-GDPR"');
    expect(html).toContain("Europe/Berlin");
    expect(html).toContain("Accept-Language <code>de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7</code>");
    // A one-framework report has no per-framework section.
    expect(renderReportHtml(analyzeEvidence(evidence, { ...base, framework: "GDPR" }))).not.toContain('id="framework-GDPR"');
  });
});
