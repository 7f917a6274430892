import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { describeVisitorIdentity } from "@/lib/schemas/visitor-identity";
import { escapeHtml as e, safeArtifactHref } from "./escape-html";
import { renderFrameworkSections, renderRegionLine } from "./render-frameworks";

export interface RenderOptions {
  /** Artifact file name → data: URI, to inline screenshots in a self-contained file. */
  inlineImages?: Record<string, string>;
}

const CSS = `
*{box-sizing:border-box}body{overflow-wrap:anywhere;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#fff;margin:0;padding:32px;max-width:1100px;margin:auto}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #e4e7eb;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:0 0 6px}
.muted{color:#616e7c}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid #e4e7eb;border-radius:8px;padding:12px}.card .big{font-size:22px;font-weight:700;overflow-wrap:anywhere}
.grade-A,.grade-B{color:#0f7b3e}.grade-C{color:#b7791f}.grade-D,.grade-F{color:#c53030}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:12.5px}th,td{border:1px solid #e4e7eb;padding:4px 6px;text-align:left;vertical-align:top;word-break:break-word}th{background:#f5f7fa}
.v{border:1px solid #e4e7eb;border-left:5px solid #c53030;border-radius:6px;padding:12px;margin:12px 0;page-break-inside:avoid}
.v.MEDIUM{border-left-color:#dd6b20}.v.LOW{border-left-color:#d69e2e}.v.inconclusive{border-left-color:#718096}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;background:#edf2f7;margin-right:4px}
.verdict{padding:10px 12px;border-radius:6px;background:#f5f7fa}.bad{background:#fff5f5}.good{background:#f0fff4}
img.shot{max-width:100%;max-height:320px;border:1px solid #e4e7eb;margin:4px 0}code{font-size:12px;word-break:break-all}
.disclaimer{margin-top:32px;padding:12px;border:1px dashed #a0aec0;font-size:12.5px}
@media print{body{padding:0}h2{page-break-after:avoid}.page-break{page-break-before:always}a{color:inherit}}
`;

const money = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? "—" : `${amount.toLocaleString("en-US", { maximumFractionDigits: 0 })} ${currency}`;

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
  const reqRows = v.evidence.requests
    .map((r) => `<tr><td>${e(r.session)}</td><td>${e(r.method)}</td><td><code>${e(r.url)}</code></td><td>${e(r.entity)}</td><td>${e(r.category)}</td><td>${e(r.t_since_consent_ms ?? "—")}</td></tr>`)
    .join("");
  const cookieRows = v.evidence.cookies
    .map((c) => `<tr><td>${e(c.session)}</td><td>${e(c.name)}</td><td>${e(c.domain)}</td><td>${e(c.entity)}</td><td>${e(c.category)}</td><td>${e(c.lifetime_days === null ? "session" : Math.round(c.lifetime_days))}</td></tr>`)
    .join("");
  const signals = Object.entries(v.evidence.signals)
    .map(([k, val]) => `<tr><th>${e(k)}</th><td><code>${e(val)}</code></td></tr>`)
    .join("");
  return `<div class="v ${e(v.severity)} ${e(v.status)}">
<h3>${e(v.rule_title)}</h3>
<div><span class="tag">${e(v.status)}</span><span class="tag">${e(v.severity)}</span><span class="tag">confidence: ${e(v.confidence)}</span><span class="tag">${e(v.violation_type)}</span><span class="tag">${e(v.rule_id)}</span></div>
<p><strong>Law:</strong> ${e(v.section)}</p>
<p>${e(v.description)}</p>
${v.pages.length ? `<p class="muted">Pages: ${v.pages.map((x) => e(x)).join(", ")}</p>` : ""}
${reqRows ? `<table><tr><th>Visit</th><th>Method</th><th>Request</th><th>Entity</th><th>Category</th><th>ms after choice</th></tr>${reqRows}</table>` : ""}
${cookieRows ? `<table><tr><th>Visit</th><th>Cookie</th><th>Domain</th><th>Entity</th><th>Category</th><th>Lifetime (days)</th></tr>${cookieRows}</table>` : ""}
${signals ? `<table>${signals}</table>` : ""}
${v.evidence.notes.length ? `<ul>${v.evidence.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>` : ""}
${screenshots(v.evidence.screenshots, options)}
${
  p
    ? `<p><strong>Potential fine:</strong> ${p.regime === "per_violation" ? `${money(p.min, p.currency)} – ${money(p.max, p.currency)} per violation` : `up to ${money(p.max, p.currency)}`}${p.exposure !== null ? `; exposure ${money(p.exposure, p.currency)}` : ""}${p.grouped_with ? ` (covered by the cap of ${e(p.grouped_with)}, Art. 83(3))` : ""}. <span class="muted">${e(p.basis)} ${e(p.citation)}${p.approximate_usd.max !== null && p.currency !== "USD" ? ` ≈ ${money(p.approximate_usd.exposure ?? p.approximate_usd.max, "USD")} (approximate)` : ""}</span></p>${p.benchmark ? `<p class="muted">Benchmark: ${e(p.benchmark)}</p>` : ""}`
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
  const sessionRows = report.session_summary.sessions
    .map((x) => `<tr><td>${e(x.session)}</td><td>${x.recorded ? "yes" : "no"}</td><td>${x.pages}</td><td>${x.requests}</td><td>${x.third_party_requests}</td><td>${x.tracker_requests}</td><td>${x.cookies}</td><td>${x.tracker_cookies}</td><td>${e(x.banner_action)} / ${e(x.banner_action_result)}</td></tr>`)
    .join("");
  const trackerRows = report.trackers
    .map((t) => `<tr><td>${e(t.entity)}</td><td>${e(t.category)}</td><td>${t.domains.map((d) => e(d)).join(", ")}</td><td>${t.sessions.pre_consent}</td><td>${t.sessions.accept_all}</td><td>${t.sessions.reject_all}</td><td>${t.sessions.gpc}</td></tr>`)
    .join("");
  const cookieRows = report.cookies
    .map((c) => `<tr><td>${e(c.name)}</td><td>${e(c.domain)}</td><td>${e(c.party)}</td><td>${e(c.category)}</td><td>${e(c.entity)}</td><td>${e(c.lifetime_days === null ? "session" : Math.round(c.lifetime_days))}</td><td>${c.sessions.map((x) => e(x)).join(", ")}</td></tr>`)
    .join("");
  const pageRows = report.pages
    .map((p) => `<tr><td><code>${e(p.url)}</code></td><td>${e(p.title)}</td><td>${e(p.purpose)}</td><td>${e(p.risk_score)}</td><td>${p.forms.map((f) => `${e(f.method)} ${e(f.action)}${f.insecure ? " (insecure)" : ""}: ${f.pii_fields.map((x) => e(x)).join(", ")}`).join("<br>")}</td></tr>`)
    .join("");
  const policyRows = policy.disclosures
    .map((d) => `<tr><td>${e(d.label)}</td><td>${e(d.citation)}</td><td>${d.present ? "present" : "<strong>missing</strong>"}</td><td>${d.quote ? `“${e(d.quote)}”` : ""}</td></tr>`)
    .join("");
  const confirmed = report.violations.filter((v) => v.status === "violation");
  const inconclusive = report.violations.filter((v) => v.status === "inconclusive");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Privacy evidence report — ${e(m.target_url)}</title><style>${CSS}</style></head><body>
<h1>Privacy evidence report</h1>
<p class="muted">${e(m.target_url)}${m.final_url && m.final_url !== m.target_url ? ` → ${e(m.final_url)}` : ""} · ${e(m.framework_name)} (${e(m.framework)}) · generated ${e(m.generated_at)} · scan ${e(m.scan_id)}${m.completeness === "partial" ? " · <strong>partial evidence</strong>" : ""}</p>
${renderRegionLine(report)}
<div class="cards">
<div class="card"><div class="muted">Compliance score</div><div class="big grade-${e(report.compliance_score.grade)}">${report.compliance_score.score} (${e(report.compliance_score.grade)})</div></div>
<div class="card"><div class="muted">Violations</div><div class="big">${s.total}</div><div class="muted">HIGH ${s.severity_breakdown.HIGH} · MEDIUM ${s.severity_breakdown.MEDIUM} · LOW ${s.severity_breakdown.LOW}</div></div>
<div class="card"><div class="muted">Inconclusive / observations</div><div class="big">${s.inconclusive} / ${s.observations}</div></div>
<div class="card"><div class="muted">Max potential penalty</div><div class="big">${money(s.max_potential_penalty, s.penalty_currency)}</div><div class="muted">≈ ${money(s.max_potential_penalty_usd, "USD")} (approximate)</div></div>
</div>
${report.executive_summary ? `<p>${e(report.executive_summary)}</p><p class="muted"><em>Summary written by ${e(report.executive_summary_by?.model ?? "a language model")}.</em></p>` : ""}
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
<table><tr><th>Visit</th><th>Recorded</th><th>Pages</th><th>Requests</th><th>Third-party</th><th>Tracker requests</th><th>Cookies</th><th>Tracker cookies</th><th>Banner action / result</th></tr>${sessionRows}</table>
<h2 class="page-break">Violations (${s.total})</h2>
${confirmed.map((v) => violationBlock(v, options)).join("") || "<p>No violations under this framework.</p>"}
${inconclusive.length ? `<h2>Inconclusive (${inconclusive.length})</h2><p class="muted">${e(m.inconclusive_policy)}</p>${inconclusive.map((v) => violationBlock(v, options)).join("")}` : ""}
${
  report.observations.length
    ? `<h2>Observations (${report.observations.length})</h2><p class="muted">Reported for context; not violations under ${e(m.framework)}.</p>${report.observations
        .map((o) => `<div class="v LOW"><h3>${e(o.rule_title)}</h3><div><span class="tag">${e(o.violation_type)}</span><span class="tag">${e(o.rule_id)}</span></div><p>${e(o.description)}</p><p class="muted">Why not a violation: ${e(o.reason)}</p></div>`)
        .join("")}`
    : ""
}
<h2 class="page-break">Trackers by visit</h2>
<table><tr><th>Entity</th><th>Category</th><th>Domains</th><th>pre_consent</th><th>accept_all</th><th>reject_all</th><th>gpc</th></tr>${trackerRows}</table>
<h2>Cookies</h2>
<table><tr><th>Name</th><th>Domain</th><th>Party</th><th>Category</th><th>Entity</th><th>Lifetime (days)</th><th>Visits</th></tr>${cookieRows}</table>
<h2>Pages</h2>
<table><tr><th>URL</th><th>Title</th><th>Purpose</th><th>Risk</th><th>Forms</th></tr>${pageRows}</table>
${report.refused_links.length ? `<h2>Links not followed (${report.refused_links.length})</h2><p class="muted">The site links to things that are not web pages; a scanner never opens them, and visitors' browsers refuse most of them.</p><table><tr><th>Link</th><th>Text</th><th>Used as</th><th>Found on</th></tr>${report.refused_links.map((l) => `<tr><td><code>${e(l.url)}</code></td><td>${e(l.text)}</td><td>${e(l.role.replace("_", " "))}</td><td><code>${e(l.found_on)}</code></td></tr>`).join("")}</table>` : ""}
<h2>Privacy policy</h2>
<p>${policy.analysed ? `${e(policy.url)} — ${policy.coverage}% of required disclosures found (${e(policy.method)}).` : e(policy.reason)}${policy.language ? ` Language: ${e(policy.language)}.` : ""}</p>
${policyRows ? `<table><tr><th>Disclosure</th><th>Citation</th><th>Result</th><th>Quote</th></tr>${policyRows}</table>` : ""}
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
