import { analyzeEvidence } from "@/agents/observability";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";
import { trackySite } from "@/tests/fixtures/evidence/scenarios";

/** A real report, built by the Observability agent from recorded evidence (trackers before consent). */
export function sampleReport(scanId = "scan-sample", framework: Framework = "GDPR"): EvidenceReport {
  return analyzeEvidence(trackySite(), { scanId, framework, generatedAt: "2026-03-02T10:05:00.000Z" });
}
