import { violationFingerprint } from "@/lib/findings/fingerprint";
import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { toCsv, type CsvCell } from "./csv";

export const reportCsvKinds = ["violations", "cookies", "trackers"] as const;
export type ReportCsvKind = (typeof reportCsvKinds)[number];

/** Lists inside one cell (pages, domains) go one per line: readable in a cell, easy to split. */
const LIST_SEPARATOR = "\n";

/** Every framework's verdict (confirmed and inconclusive); old reports have only the top level. */
function allViolations(report: EvidenceReport): Violation[] {
  return report.framework_results.length > 0 ? report.framework_results.flatMap((r) => r.violations) : report.violations;
}

const sheets: Record<ReportCsvKind, (report: EvidenceReport) => { header: string[]; rows: CsvCell[][] }> = {
  violations: (report) => ({
    header: ["framework", "violation_type", "status", "severity", "confidence", "rule_id", "rule_title", "citation", "pages", "description", "fingerprint", "penalty_min_usd", "penalty_max_usd", "recommendation"],
    rows: allViolations(report).map((v) => [
      v.framework,
      v.violation_type,
      v.status,
      v.severity,
      v.confidence,
      v.rule_id,
      v.rule_title,
      v.section,
      v.pages.join(LIST_SEPARATOR),
      v.description,
      violationFingerprint(v).fingerprint,
      v.penalty_min_usd,
      v.penalty_max_usd,
      v.recommendation,
    ]),
  }),
  cookies: (report) => ({
    header: ["name", "domain", "party", "category", "entity", "lifetime_days", "set_by", "sessions"],
    rows: report.cookies.map((c) => [c.name, c.domain, c.party, c.category, c.entity, c.lifetime_days === null ? null : Math.round(c.lifetime_days * 100) / 100, c.set_by, c.sessions.join(" ")]),
  }),
  trackers: (report) => ({
    header: ["entity", "category", "domains", "requests_pre_consent", "requests_accept_all", "requests_reject_all", "requests_gpc", "country"],
    rows: report.trackers.map((t) => [t.entity, t.category, t.domains.join(LIST_SEPARATOR), t.sessions.pre_consent, t.sessions.accept_all, t.sessions.reject_all, t.sessions.gpc, t.country]),
  }),
};

/** One table of a report as CSV (see csv.ts for quoting and formula neutralisation). Pure. */
export function reportCsv(report: EvidenceReport, kind: ReportCsvKind): string {
  const { header, rows } = sheets[kind](report);
  return toCsv(header, rows);
}
