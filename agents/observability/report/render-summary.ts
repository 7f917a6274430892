import type { EvidenceReport, Penalty, Severity, Violation } from "@/lib/schemas/report";
import { escapeHtml as e } from "./escape-html";
import { renderRegionLine } from "./render-frameworks";
import { fitTable } from "./render-table";

export const money = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? "—" : `${amount.toLocaleString("en-US", { maximumFractionDigits: 0 })} ${currency}`;

/** One violation's fine in a phrase: a per-violation range or a cap, with its exposure when known. */
export function fineText(p: Penalty): string {
  const range = p.regime === "per_violation" ? `${money(p.min, p.currency)} – ${money(p.max, p.currency)} per violation` : `up to ${money(p.max, p.currency)}`;
  return `${range}${p.exposure !== null ? `; exposure ${money(p.exposure, p.currency)}` : ""}`;
}

const SEVERITIES: readonly Severity[] = ["HIGH", "MEDIUM", "LOW"];

/**
 * The lines identifying the report: site, framework, scan, date. A printed page is tied to its
 * evidence by these (and, when the scan is signed, by the manifest hash).
 */
function reportIdRows(report: EvidenceReport, manifestHash: string | undefined): Array<[string, string]> {
  const m = report.report_metadata;
  const site = `${e(m.target_url)}${m.final_url && m.final_url !== m.target_url ? ` → ${e(m.final_url)}` : ""}`;
  return [
    ["Site", site],
    ["Framework", `${e(m.framework_name)} (${e(m.framework)})`],
    ["Scan", e(m.scan_id)],
    ["Generated", e(m.generated_at)],
    ...(m.completeness === "partial" ? ([["Evidence", "<strong>partial evidence</strong>"]] as Array<[string, string]>) : []),
    ...(manifestHash ? ([["Manifest hash", `<code data-manifest-hash="${e(manifestHash)}">${e(manifestHash)}</code>`]] as Array<[string, string]>) : []),
  ];
}

function severityTable(confirmed: Violation[], report: EvidenceReport): string {
  const s = report.violation_summary;
  const codes = (severity: Severity) => [...new Set(confirmed.filter((v) => v.severity === severity).map((v) => v.violation_type))].map((c) => e(c)).join(", ");
  const rows = SEVERITIES.map((severity) => [e(severity), String(s.severity_breakdown[severity]), codes(severity) || "—"]);
  rows.push(["Inconclusive", String(s.inconclusive), "not counted, no fine"], ["Observations", String(s.observations), "not violations under this framework"]);
  return fitTable(
    [
      { label: "Severity", width: 18 },
      { label: "Count", width: 10, kind: "num" },
      { label: "Findings", width: 72, kind: "wrap" },
    ],
    rows,
    "summary-severity",
  );
}

/** One row per rule (a rule found on several pages is fined once per finding; the count says how often). */
function finesTable(confirmed: Violation[]): string {
  const byRule = new Map<string, { v: Violation; count: number }>();
  for (const v of confirmed) {
    const seen = byRule.get(v.rule_id);
    if (seen) seen.count += 1;
    else byRule.set(v.rule_id, { v, count: 1 });
  }
  const rows = [...byRule.values()]
    .sort((a, b) => SEVERITIES.indexOf(a.v.severity) - SEVERITIES.indexOf(b.v.severity))
    .map(({ v, count }) => [
      `${e(v.rule_title)}${count > 1 ? ` <span class="muted">(×${count})</span>` : ""}`,
      e(v.severity),
      e(v.section),
      v.penalty ? `${fineText(v.penalty)}${v.penalty.grouped_with ? " (within another finding's cap)" : ""}` : "—",
    ]);
  return fitTable(
    [
      { label: "Finding", width: 36 },
      { label: "Severity", width: 12 },
      { label: "Law", width: 22, kind: "wrap" },
      { label: "Potential fine", width: 30 },
    ],
    rows,
    "summary-fines",
  );
}

function frameworkVerdictTable(report: EvidenceReport): string {
  if ((report.framework_results ?? []).length < 2) return "";
  return fitTable(
    [
      { label: "Framework", width: 40 },
      { label: "Score", width: 14 },
      { label: "Violations", width: 16, kind: "num" },
      { label: "Max potential penalty", width: 30 },
    ],
    report.framework_results.map((r) => [
      `${e(r.framework_name)} (${e(r.framework)})${r.primary ? " — primary" : ""}`,
      `<span class="grade-${e(r.compliance_score.grade)}">${r.compliance_score.score} (${e(r.compliance_score.grade)})</span>`,
      String(r.violation_summary.total),
      money(r.violation_summary.max_potential_penalty, r.violation_summary.penalty_currency),
    ]),
  );
}

/**
 * The first printed page: who and what was scanned, the verdicts, violations by severity and the
 * potential fines. Details follow from the second page on.
 */
export function renderSummaryPage(report: EvidenceReport, options: { manifestHash?: string } = {}): string {
  const s = report.violation_summary;
  const gpc = report.gpc_verdict;
  const consent = report.consent_verdict;
  const confirmed = report.violations.filter((v) => v.status === "violation");
  const ids = reportIdRows(report, options.manifestHash)
    .map(([label, value]) => `<dt>${label}</dt><dd>${value}</dd>`)
    .join("");
  return `<section class="summary" aria-labelledby="summary-title">
<h1 id="summary-title">Privacy evidence report</h1>
<dl class="report-id">${ids}</dl>
${renderRegionLine(report)}
<div class="cards">
<div class="card"><div class="muted">Compliance score</div><div class="big grade-${e(report.compliance_score.grade)}">${report.compliance_score.score} (${e(report.compliance_score.grade)})</div></div>
<div class="card"><div class="muted">Violations</div><div class="big">${s.total}</div><div class="muted">HIGH ${s.severity_breakdown.HIGH} · MEDIUM ${s.severity_breakdown.MEDIUM} · LOW ${s.severity_breakdown.LOW}</div></div>
<div class="card"><div class="muted">Inconclusive / observations</div><div class="big">${s.inconclusive} / ${s.observations}</div></div>
<div class="card"><div class="muted">Max potential penalty</div><div class="big">${money(s.max_potential_penalty, s.penalty_currency)}</div><div class="muted">≈ ${money(s.max_potential_penalty_usd, "USD")} (approximate)</div></div>
</div>
<h2>Verdicts</h2>
<div class="verdict ${gpc.verdict === "not_honored" ? "bad" : gpc.verdict === "honored" ? "good" : ""}"><strong>Global Privacy Control: ${e(gpc.verdict.replace("_", " "))}</strong> — ${e(gpc.summary)}</div>
<div class="verdict ${consent.reject_honored === "no" || !consent.banner_found ? "bad" : ""}"><strong>Consent banner:</strong> ${e(consent.summary)}</div>
${frameworkVerdictTable(report)}
<h2>Violations by severity</h2>
${severityTable(confirmed, report)}
<h2>Potential fines</h2>
<p>Maximum potential penalty <strong>${money(s.max_potential_penalty, s.penalty_currency)}</strong> (≈ ${money(s.max_potential_penalty_usd, "USD")}, approximate). Statutory maxima or caps from public figures, not predictions.</p>
${confirmed.length ? finesTable(confirmed) : "<p>No violations, no fines.</p>"}
</section>`;
}
