import { describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { EvidenceReportSchema, REPORT_VERSION } from "@/lib/schemas/report";
import { trackySite } from "@/tests/fixtures/evidence/scenarios";

// report_metadata.attempt: which run of the scan wrote the report (a take-over re-runs it from the start).

describe("the report's attempt", () => {
  it("is the job's attempt, 1 when the scan ran once", () => {
    expect(analyzeEvidence(trackySite(), { scanId: "s1", framework: "GDPR" }).report_metadata.attempt).toBe(1);
    const second = analyzeEvidence(trackySite(), { scanId: "s2", framework: "GDPR", frameworks: ["GDPR", "CCPA"], attempt: 2 });
    expect(second.report_metadata.attempt).toBe(2);
    expect(second.report_version).toBe(REPORT_VERSION);
  });

  it("defaults to 1 in a stored report written before attempts existed", () => {
    const { attempt: _attempt, ...older } = analyzeEvidence(trackySite(), { scanId: "s3", framework: "GDPR" }).report_metadata;
    const parsed = EvidenceReportSchema.parse({ ...analyzeEvidence(trackySite(), { scanId: "s3", framework: "GDPR" }), report_version: "1.1", report_metadata: older });
    expect(parsed.report_metadata.attempt).toBe(1);
  });
});
