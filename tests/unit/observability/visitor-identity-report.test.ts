import { describe, expect, it } from "vitest";
import { analyzeEvidence, EvidenceReportSchema, renderReportHtml } from "@/agents/observability";
import { EvidenceSchema } from "@/agents/evidence/schema";
import { deriveVisitorIdentity } from "@/agents/browser/identity";
import { makeEvidence } from "@/tests/fixtures/evidence/make-evidence";

const opts = { scanId: "scan-1", generatedAt: "2026-03-02T10:05:00.000Z", framework: "GDPR" as const };
const HEADLESS_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";

describe("the visitors' identity in the evidence and the report", () => {
  it("is carried from the evidence into the report metadata and shown beside the scanner's version", () => {
    const identity = deriveVisitorIdentity({ browserVersion: "156.0.8078.114", nativeUserAgent: HEADLESS_LINUX, locale: "de-DE", timezoneId: "Europe/Berlin" });
    const base = makeEvidence();
    const evidence = EvidenceSchema.parse({ ...base, scanner: { ...base.scanner, identity } });
    const report = analyzeEvidence(evidence, opts);
    expect(EvidenceReportSchema.parse(report).report_metadata.visitor_identity).toEqual(identity);
    const html = renderReportHtml(report);
    expect(html).toContain('class="muted visitor-identity"');
    expect(html).toContain("Visitors presented as Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    expect(html).toContain("Accept-Language: de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7");
    expect(html).toContain("time zone Europe/Berlin");
  });

  it("is null for evidence recorded before it existed, and the report then shows no identity line", () => {
    const base = makeEvidence();
    const legacy = JSON.parse(JSON.stringify({ ...base, scanner: { user_agent: "HeadlessChrome", browser_version: "120.0.0.0" } }));
    const evidence = EvidenceSchema.parse(legacy);
    expect(evidence.scanner.identity).toBeNull();
    const report = analyzeEvidence(evidence, opts);
    expect(report.report_metadata.visitor_identity).toBeNull();
    expect(renderReportHtml(report)).not.toContain("visitor-identity");
  });
});
