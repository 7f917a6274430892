import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { describeVisitorIdentity } from "@/lib/schemas/visitor-identity";
import { escapeHtml as e, safeArtifactHref } from "./escape-html";
import { pageRuleCss } from "./print-layout";
import { renderFrameworkSections } from "./render-frameworks";
import { fineText, money, renderSummaryPage } from "./render-summary";
import { COLUMNS, fitTable } from "./render-table";

export interface RenderOptions {
  /** Artifact file name → data: URI, to inline screenshots in a self-contained file. */
  inlineImages?: Record<string, string>;
  /** The signed evidence manifest's hash, shown on the summary page to tie a printout to its evidence. */
  manifestHash?: string;
}

const CSS = `
*{box-sizing:border-box}body{overflow-wrap:break-word;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff;margin:0 auto;padding:32px;max-width:1100px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #e4e7eb;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:0 0 6px}
.muted{color:#616e7c}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid #e4e7eb;border-radius:8px;padding:12px}.card .big{font-size:22px;font-weight:700;overflow-wrap:anywhere}
.report-id{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 12px;margin:8px 0;font-size:13px;color:#616e7c}.report-id dt{font-weight:600}.report-id dd{margin:0;overflow-wrap:anywhere}
.grade-A,.grade-B{color:#0f7b3e}.grade-C{color:#b7791f}.grade-D,.grade-F{color:#c53030}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:12.5px}table.fit{table-layout:fixed}
th,td{border:1px solid #e4e7eb;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}th{background:#f5f7fa}
td.wrap,td.wrap code{overflow-wrap:anywhere;word-break:normal}td.num{font-variant-numeric:tabular-nums}
.v{border:1px solid #e4e7eb;border-left:5px solid #c53030;border-radius:6px;padding:12px;margin:12px 0}
.v.MEDIUM{border-left-color:#dd6b20}.v.LOW{border-left-color:#d69e2e}.v.inconclusive{border-left-color:#718096}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;background:#edf2f7;margin-right:4px}
.verdict{padding:10px 12px;border-radius:6px;background:#f5f7fa;margin:8px 0}.bad{background:#fff5f5}.good{background:#f0fff4}
img.shot{max-width:100%;max-height:320px;border:1px solid #e4e7eb;margin:4px 0}figure{margin:8px 0}code{font-size:12px;overflow-wrap:anywhere}
.disclaimer{margin-top:32px;padding:12px;border:1px dashed #a0aec0;font-size:12.5px}
${pageRuleCss()}
@media print{
html,body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{padding:0;max-width:none;font-size:11px;line-height:1.4}
h1{font-size:20px}h2{font-size:15px;margin:16px 0 6px;break-after:avoid}h3{font-size:12.5px;break-after:avoid}
.summary{break-after:page}.page-break{break-before:page}
.cards{grid-template-columns:repeat(4,minmax(0,1fr));gap:8px;margin:10px 0}.card{padding:8px}.card .big{font-size:17px}
.report-id{font-size:11px}.verdict{padding:6px 10px}
table{font-size:10px;margin:6px 0}th,td{padding:3px 4px}code{font-size:9.5px}.tag{font-size:10px}
thead{display:table-header-group}tr,figure,.card,.verdict,.v.obs{break-inside:avoid}
.v{padding:8px 10px;margin:10px 0}
img.shot{max-height:240px}a{color:inherit;text-decoration:none}
}
`;

function screenshots(files: string[], options: RenderOptions): string {
  return files
    .map((file) => {
      const inline = options.inlineImages?.[file];
      const src = inline && /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(inline) ? inline : safeArtifactHref(file);
      if (!src) return "";
      return `<figure><img class="shot" alt="${e(file)}" src="${e(src)}"><figcaption class="muted">${e(file)}</figcaption></figure>`;
    })
    .join("");
}

function violationBlock(v: Violation, options: RenderOptions): string {
  const p = v.penalty;
  const requestTable = fitTable(
    COLUMNS.evidenceRequests,
    v.evidence.requests.map((r) => [e(r.session), e(r.method), `<code>${e(r.url)}</code>`, e(r.entity), e(r.category), e(r.t_since_consent_ms ?? "—")]),
  );
  const cookieTable = fitTable(
    COLUMNS.evidenceCookies,
    v.evidence.cookies.map((c) => [e(c.session), e(c.name), e(c.domain), e(c.entity), e(c.category), e(c.lifetime_days === null ? "session" : Math.round(c.lifetime_days))]),
  );
  const signals = Object.entries(v.evidence.signals)
    .map(([k, val]) => `<tr><th scope="row">${e(k)}</th><td class="wrap"><code>${e(val)}</code></td></tr>`)
    .join("");
  return `<div class="v ${e(v.severity)} ${e(v.status)}">
<h3>${e(v.rule_title)}</h3>
<div><span class="tag">${e(v.status)}</span><span class="tag">${e(v.severity)}</span><span class="tag">confidence: ${e(v.confidence)}</span><span class="tag">${e(v.violation_type)}</span><span class="tag">${e(v.rule_id)}</span></div>
<p><strong>Law:</strong> ${e(v.section)}</p>
<p>${e(v.description)}</p>
${v.pages.length ? `<p class="muted">Pages: ${v.pages.map((x) => e(x)).join(", ")}</p>` : ""}
${requestTable}
${cookieTable}
${signals ? `<table class="fit signals"><colgroup><col style="width:30%"><col style="width:70%"></colgroup><tbody>${signals}</tbody></table>` : ""}
${v.evidence.notes.length ? `<ul>${v.evidence.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>` : ""}
${screenshots(v.evidence.screenshots, options)}
${
  p
    ? `<p><strong>Potential fine:</strong> ${fineText(p)}${p.grouped_with ? ` (covered by the cap of ${e(p.grouped_with)}, Art. 83(3))` : ""}. <span class="muted">${e(p.basis)} ${e(p.citation)}${p.approximate_usd.max !== null && p.currency !== "USD" ? ` ≈ ${money(p.approximate_usd.exposure ?? p.approximate_usd.max, "USD")} (approximate)` : ""}</span></p>${p.benchmark ? `<p class="muted">Benchmark: ${e(p.benchmark)}</p>` : ""}`
    : v.status === "inconclusive"
      ? `<p class="muted">Inconclusive: no fine, not counted.</p>`
      : ""
}
<p><strong>Fix:</strong> ${e(v.recommendation)}</p>
${v.llm_explanation ? `<p>${e(v.llm_explanation)}</p>` : ""}${v.llm_technical_fix ? `<p><strong>Technical fix:</strong> ${e(v.llm_technical_fix)}</p>` : ""}${v.llm_explanation || v.llm_technical_fix ? `<p class="muted"><em>Model-written${v.llm_model ? ` by ${e(v.llm_model)}` : ""}; the finding itself was computed without a model.</em></p>` : ""}
</div>`;
}

/** Renders the report as one self-contained, printable HTML page; every site-derived string is escaped. */
export function renderHtml(report: EvidenceReport, options: RenderOptions = {}): string {
  const m = report.report_metadata;
  const s = report.violation_summary;
  const gpc = report.gpc_verdict;
  const consent = report.consent_verdict;
  const policy = report.privacy_policy_analysis;
  const visitsTable = fitTable(
    COLUMNS.visits,
    report.session_summary.sessions.map((x) => [e(x.session), x.recorded ? "yes" : "no", String(x.pages), String(x.requests), String(x.third_party_requests), String(x.tracker_requests), String(x.cookies), String(x.tracker_cookies), `${e(x.banner_action)} / ${e(x.banner_action_result)}`]),
  );
  const trackerTable = fitTable(
    COLUMNS.trackers,
    report.trackers.map((t) => [e(t.entity), e(t.category), t.domains.map((d) => e(d)).join(", "), String(t.sessions.pre_consent), String(t.sessions.accept_all), String(t.sessions.reject_all), String(t.sessions.gpc)]),
  );
  const cookieTable = fitTable(
    COLUMNS.cookies,
    report.cookies.map((c) => [e(c.name), e(c.domain), e(c.party), e(c.category), e(c.entity), e(c.lifetime_days === null ? "session" : Math.round(c.lifetime_days)), c.sessions.map((x) => e(x)).join(", ")]),
  );
  const pageTable = fitTable(
    COLUMNS.pages,
    report.pages.map((p) => [`<code>${e(p.url)}</code>`, e(p.title), e(p.purpose), e(p.risk_score), p.forms.map((f) => `${e(f.method)} ${e(f.action)}${f.insecure ? " (insecure)" : ""}: ${f.pii_fields.map((x) => e(x)).join(", ")}`).join("<br>")]),
  );
  const refusedTable = fitTable(
    COLUMNS.refusedLinks,
    report.refused_links.map((l) => [`<code>${e(l.url)}</code>`, e(l.text), e(l.role.replace("_", " ")), `<code>${e(l.found_on)}</code>`]),
  );
  const policyTable = fitTable(
    COLUMNS.policy,
    policy.disclosures.map((d) => [e(d.label), e(d.citation), d.present ? "present" : "<strong>missing</strong>", d.quote ? `“${e(d.quote)}”` : ""]),
  );
  const confirmed = report.violations.filter((v) => v.status === "violation");
  const inconclusive = report.violations.filter((v) => v.status === "inconclusive");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Privacy evidence report — ${e(m.target_url)}</title><style>${CSS}</style></head><body>
${renderSummaryPage(report, { manifestHash: options.manifestHash })}
${report.executive_summary ? `<h2>Executive summary</h2><p>${e(report.executive_summary)}</p><p class="muted"><em>Summary written by ${e(report.executive_summary_by?.model ?? "a language model")}.</em></p>` : ""}
${renderFrameworkSections(report)}
<h2>Global Privacy Control</h2>
<div class="verdict ${gpc.verdict === "not_honored" ? "bad" : gpc.verdict === "honored" ? "good" : ""}"><strong>${e(gpc.verdict.replace("_", " "))}</strong> — ${e(gpc.summary)}
${gpc.reasons.length ? `<ul>${gpc.reasons.map((r) => `<li>${e(r)}</li>`).join("")}</ul>` : ""}
<p class="muted">US Privacy before/after: ${e(gpc.signals_before?.usprivacy ?? "—")} / ${e(gpc.signals_after?.usprivacy ?? "—")}; GPP after: <code>${e(gpc.signals_after?.gpp_string ?? "—")}</code>; /.well-known/gpc.json: ${e(gpc.well_known ? String(gpc.well_known.gpc) : "not found")}</p></div>
<h2>Consent banner</h2>
<div class="verdict ${consent.reject_honored === "no" || !consent.banner_found ? "bad" : ""}">${e(consent.summary)}</div>
${report.consent_signals.summary.length ? `<h3>Decoded consent signals (TCF, Google Consent Mode)</h3><ul>${report.consent_signals.summary.map((line) => `<li>${e(line)}</li>`).join("")}</ul>` : ""}
${consent.banner_container ? `<p class="muted">Banner location: ${e(consent.banner_container.kind.replace("_", " "))}${consent.banner_container.shadow_host ? ` · shadow host <code>${e(consent.banner_container.shadow_host)}</code>${consent.banner_container.shadow_mode === "closed" ? " (closed)" : ""}` : ""}${consent.banner_container.frame_url ? ` · frame <code>${e(consent.banner_container.frame_url)}</code>` : ""}${consent.banner_inoperable_reason ? ` · not operable: ${e(consent.banner_inoperable_reason)}` : ""}</p>` : ""}
<h2>Visits</h2>
${visitsTable}
<h2 class="page-break">Violations (${s.total})</h2>
${confirmed.map((v) => violationBlock(v, options)).join("") || "<p>No violations under this framework.</p>"}
${inconclusive.length ? `<h2>Inconclusive (${inconclusive.length})</h2><p class="muted">${e(m.inconclusive_policy)}</p>${inconclusive.map((v) => violationBlock(v, options)).join("")}` : ""}
${
  report.observations.length
    ? `<h2>Observations (${report.observations.length})</h2><p class="muted">Reported for context; not violations under ${e(m.framework)}.</p>${report.observations
        .map((o) => `<div class="v LOW obs"><h3>${e(o.rule_title)}</h3><div><span class="tag">${e(o.violation_type)}</span><span class="tag">${e(o.rule_id)}</span></div><p>${e(o.description)}</p><p class="muted">Why not a violation: ${e(o.reason)}</p></div>`)
        .join("")}`
    : ""
}
<h2 class="page-break">Trackers by visit</h2>
${trackerTable}
<h2>Cookies</h2>
${cookieTable}
<h2>Pages</h2>
${pageTable}
${report.refused_links.length ? `<h2>Links not followed (${report.refused_links.length})</h2><p class="muted">The site links to things that are not web pages; a scanner never opens them, and visitors' browsers refuse most of them.</p>${refusedTable}` : ""}
<h2>Privacy policy</h2>
<p>${policy.analysed ? `${e(policy.url)} — ${policy.coverage}% of required disclosures found (${e(policy.method)}).` : e(policy.reason)}${policy.language ? ` Language: ${e(policy.language)}.` : ""}</p>
${policyTable}
<h2>Method and data sources</h2>
<ul>${m.data_sources.map((d) => `<li>${e(d.name)}${d.version ? ` ${e(d.version)}` : ""} — licence: ${e(d.licence)}${d.note ? ` (${e(d.note)})` : ""}</li>`).join("")}</ul>
<p class="muted">Score: ${e(m.score_formula)}</p>
${m.errors.length ? `<p class="muted">Errors during the scan: ${m.errors.map((x) => e(x)).join("; ")}</p>` : ""}
<p class="muted">Scanner ${e(m.scanner_version)} · browser ${e(m.browser_version ?? "unknown")} · evidence v${e(m.evidence_version)} · report v${e(report.report_version)}</p>
${m.visitor_identity ? `<p class="muted visitor-identity">${e(describeVisitorIdentity(m.visitor_identity))}</p>` : ""}
${report.artifacts.length ? `<p class="muted">Artifacts: ${report.artifacts.map((a) => { const href = safeArtifactHref(a.file); return href ? `<a href="${e(href)}">${e(a.file)}</a>` : e(a.file); }).join(", ")}</p>` : ""}
<div class="disclaimer"><strong>Evidence, not legal advice.</strong> This report records what an automated browser observed on the dates shown and maps it to published rules. Fines are statutory maxima or caps computed from public figures, not predictions; currency conversions are approximate. Have counsel review before acting.</div>
</body></html>`;
}
