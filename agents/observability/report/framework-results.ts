import type { Evidence } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport, FrameworkResult } from "@/lib/schemas/report";
import { buildReport, type BuildOptions } from "./build-report";

/** One framework's verdict, taken from a report built for it. */
function resultOf(report: EvidenceReport, primary: boolean): FrameworkResult {
  const m = report.report_metadata;
  return {
    framework: m.framework,
    framework_name: m.framework_name,
    jurisdiction: m.jurisdiction,
    primary,
    compliance_score: report.compliance_score,
    violation_summary: report.violation_summary,
    violations: report.violations,
    observations: report.observations,
    gpc_verdict: report.gpc_verdict,
    consent_verdict: report.consent_verdict,
    privacy_policy_analysis: report.privacy_policy_analysis,
  };
}

/**
 * The primary framework's report with a verdict per framework: the same evidence (one crawl, one
 * set of visitors) run through each framework's detectors context, rule catalog, fines and score.
 * The top-level fields stay the primary's (the contract); the primary comes first. Pure.
 */
export function withFrameworkResults(primary: EvidenceReport, evidence: Evidence, options: BuildOptions, frameworks: readonly Framework[]): EvidenceReport {
  const others = [...new Set(frameworks)].filter((f) => f !== primary.report_metadata.framework);
  const results = [resultOf(primary, true)];
  const errors = [...primary.report_metadata.errors];
  for (const framework of others) {
    const report = buildReport(evidence, { ...options, framework, generatedAt: primary.report_metadata.generated_at });
    results.push(resultOf(report, false));
    // A detector that failed for one framework is a gap in that verdict: say which.
    for (const error of report.report_metadata.errors) if (!errors.includes(error)) errors.push(`${framework}: ${error}`);
  }
  return {
    ...primary,
    report_metadata: { ...primary.report_metadata, frameworks: results.map((r) => r.framework), errors },
    framework_results: results,
  };
}

/** After the LLM step changed the top-level violations, the primary's entry shows them too. */
export function syncPrimaryResult(report: EvidenceReport): EvidenceReport {
  if (report.framework_results.length === 0) return report;
  return { ...report, framework_results: report.framework_results.map((r) => (r.primary ? resultOf(report, true) : r)) };
}
