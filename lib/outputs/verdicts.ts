import { violationFingerprint } from "@/lib/findings/fingerprint";
import type { EvidenceReport, FrameworkResult, Violation } from "@/lib/schemas/report";

/** One framework's verdict as the output formats read it. */
export type FrameworkVerdict = Pick<
  FrameworkResult,
  "framework" | "framework_name" | "primary" | "compliance_score" | "violation_summary" | "violations" | "gpc_verdict" | "consent_verdict"
>;

/**
 * Every framework the report judged, the primary first. Reports older than multi-framework scans
 * have no `framework_results`: their top level is the one verdict.
 */
export function frameworkVerdicts(report: EvidenceReport): FrameworkVerdict[] {
  if (report.framework_results.length > 0) return report.framework_results;
  const m = report.report_metadata;
  return [
    {
      framework: m.framework,
      framework_name: m.framework_name,
      primary: true,
      compliance_score: report.compliance_score,
      violation_summary: report.violation_summary,
      violations: report.violations,
      gpc_verdict: report.gpc_verdict,
      consent_verdict: report.consent_verdict,
    },
  ];
}

/** The finding's stable fingerprint: the one the report carries, else computed (reports before 1.1). */
export function fingerprintOf(v: Violation): string {
  return v.fingerprint ?? violationFingerprint(v).fingerprint;
}

/**
 * The page a finding is shown at, chosen to stay the same across runs (GitHub code scanning ties an
 * alert to its location as well as its fingerprint): the scanned page when the finding was seen
 * there, else the finding's pages in a fixed order (crawl order varies), else the target itself.
 */
export function findingPage(v: Violation, report: EvidenceReport): string {
  const m = report.report_metadata;
  for (const landing of [m.final_url, m.target_url]) if (landing && v.pages.includes(landing)) return landing;
  return [...v.pages].sort()[0] ?? m.final_url ?? m.target_url;
}
