import type { EvidenceReport } from "@/lib/schemas/report";
import type { ScanSummary } from "@/lib/schemas/scan";
import type { ViolationRow } from "@/lib/store/types";

/** The history list's headline numbers and the queryable violation rows of a checked report. */
export function summarizeReport(report: EvidenceReport): { summary: ScanSummary; violations: ViolationRow[] } {
  const { violation_summary: vs, compliance_score: cs } = report;
  return {
    summary: {
      total_violations: vs.total,
      severity_breakdown: { HIGH: vs.severity_breakdown.HIGH, MEDIUM: vs.severity_breakdown.MEDIUM, LOW: vs.severity_breakdown.LOW },
      max_potential_penalty_usd: vs.max_potential_penalty_usd,
      compliance_score: cs.score,
      grade: cs.grade,
    },
    violations: report.violations.map((v) => ({
      rule_id: v.rule_id,
      framework: v.framework,
      violation_type: v.violation_type,
      severity: v.severity,
      penalty_min_usd: v.penalty_min_usd,
      penalty_max_usd: v.penalty_max_usd,
      data: v,
    })),
  };
}
