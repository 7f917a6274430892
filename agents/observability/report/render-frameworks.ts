import type { EvidenceReport, FrameworkResult } from "@/lib/schemas/report";
import { escapeHtml as e } from "./escape-html";

const money = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? "—" : `${amount.toLocaleString("en-US", { maximumFractionDigits: 0 })} ${currency}`;

/** Where the visitors appeared to be: one line under the title. Empty for reports older than regions. */
export function renderRegionLine(report: EvidenceReport): string {
  const r = report.report_metadata.region;
  if (!r) return "";
  return `<p class="muted">Visitors from <strong>${e(r.label)}</strong> (region ${e(r.id)}): locale ${e(r.locale)}, Accept-Language <code>${e(r.accept_language)}</code>, timezone ${e(r.timezone)}${r.via_region_proxy ? ", through the region's egress proxy" : ", direct egress"}.</p>`;
}

function frameworkBlock(r: FrameworkResult): string {
  const s = r.violation_summary;
  const confirmed = r.violations.filter((v) => v.status === "violation");
  const rows = confirmed
    .map((v) => `<tr><td>${e(v.severity)}</td><td>${e(v.violation_type)}</td><td>${e(v.rule_title)}</td><td>${e(v.section)}</td><td>${money(v.penalty_max_usd, "USD")}</td></tr>`)
    .join("");
  return `<section id="framework-${e(r.framework)}" aria-labelledby="framework-${e(r.framework)}-title">
<h3 id="framework-${e(r.framework)}-title">${e(r.framework_name)} (${e(r.framework)})${r.primary ? " — primary" : ""}</h3>
<p>Score <strong class="grade-${e(r.compliance_score.grade)}">${r.compliance_score.score} (${e(r.compliance_score.grade)})</strong> · ${s.total} violation(s) (HIGH ${s.severity_breakdown.HIGH}, MEDIUM ${s.severity_breakdown.MEDIUM}, LOW ${s.severity_breakdown.LOW}) · ${s.inconclusive} inconclusive · ${s.observations} observation(s) · max potential penalty ${money(s.max_potential_penalty, s.penalty_currency)}</p>
<p class="muted">${e(r.jurisdiction)} · GPC: ${e(r.gpc_verdict.verdict.replace("_", " "))} · consent: ${e(r.consent_verdict.summary)}</p>
${rows ? `<table><tr><th>Severity</th><th>Type</th><th>Rule</th><th>Law</th><th>Max penalty (USD)</th></tr>${rows}</table>` : "<p>No violations under this framework.</p>"}
${r.observations.length ? `<p class="muted">Observations (not violations here): ${r.observations.map((o) => e(o.violation_type)).join(", ")}</p>` : ""}
</section>`;
}

/**
 * A verdict per framework on the same crawl, when the scan was judged by more than one; the
 * primary's full detail is the rest of the report.
 */
export function renderFrameworkSections(report: EvidenceReport): string {
  if ((report.framework_results ?? []).length < 2) return "";
  return `<h2>Verdict per framework (${report.framework_results.length})</h2>
<p class="muted">One crawl and one set of visitors, judged under each framework's rules, fines and score.</p>
${report.framework_results.map(frameworkBlock).join("")}`;
}
