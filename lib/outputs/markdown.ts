import type { EvidenceReport, Severity, Violation } from "@/lib/schemas/report";
import { clip, escapeMarkdown } from "./text";
import { findingPage, fingerprintOf, frameworkVerdicts } from "./verdicts";

/**
 * A short summary of the report for a pull-request comment (GitHub-flavoured Markdown, well under
 * 60 lines): the verdict per framework, the consent and GPC verdicts, and a table of violations.
 * Everything the site wrote is escaped (see escapeMarkdown): a page title or URL cannot inject
 * links, images, HTML, table cells or @-mentions into the comment.
 */
export interface MarkdownOptions {
  /** Where the full report can be read; linked at the end when it is an http(s) URL. */
  reportUrl?: string;
  /** Baselines: list only the violations with these fingerprints (the new ones). */
  newOnly?: ReadonlySet<string>;
}

/** Table rows beyond this are summarised in one line, to keep the comment short. */
const MAX_ROWS = 20;
const SEVERITY_ORDER: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function toMarkdown(report: EvidenceReport, options: MarkdownOptions = {}): string {
  const m = report.report_metadata;
  const verdicts = frameworkVerdicts(report);
  const primary = verdicts.find((f) => f.primary) ?? verdicts[0]!;
  const confirmed = verdicts.flatMap((f) => f.violations.filter((v) => v.status === "violation"));
  const inconclusive = verdicts.reduce((n, f) => n + f.violations.filter((v) => v.status === "inconclusive").length, 0);
  const listed = (options.newOnly ? confirmed.filter((v) => options.newOnly!.has(fingerprintOf(v))) : confirmed).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const bySeverity = (list: Violation[]) => (["HIGH", "MEDIUM", "LOW"] as const).map((s) => `${s} ${list.filter((v) => v.severity === s).length}`).join(" · ");

  const lines = [
    `### APO privacy scan: ${escapeMarkdown(m.target_url)}`,
    "",
    `**${confirmed.length} violation${confirmed.length === 1 ? "" : "s"}** (${bySeverity(confirmed)})` +
      (inconclusive > 0 ? `, ${inconclusive} inconclusive` : "") +
      (options.newOnly ? ` · **${listed.length} new** since the baseline` : "") +
      ` · scan ${escapeMarkdown(m.scan_id)}${m.completeness === "partial" ? " · ⚠️ partial scan" : ""}`,
    "",
    `| Framework | Score | Violations | Max potential fine |`,
    `|---|---|---|---|`,
    ...verdicts.map((f) => {
      const s = f.violation_summary;
      const fine = s.max_potential_penalty != null && s.penalty_currency ? `${s.penalty_currency} ${s.max_potential_penalty.toLocaleString("en-US")}` : "none computed";
      return `| ${f.framework}${f.primary ? " (primary)" : ""} | ${f.compliance_score.score}/100 (${f.compliance_score.grade}) | ${s.total} (${bySeverity(f.violations.filter((v) => v.status === "violation"))}) | ${fine} |`;
    }),
    "",
    `**Consent:** ${cell(primary.consent_verdict.summary, 400)}`,
    "",
    `**GPC:** ${primary.gpc_verdict.verdict.replace(/_/g, " ")}: ${cell(primary.gpc_verdict.summary, 400)}`,
    "",
  ];

  if (listed.length > 0) {
    lines.push(
      options.newOnly ? `#### New violations` : `#### Violations`,
      "",
      `| Severity | Code | Framework | Page |`,
      `|---|---|---|---|`,
      ...listed.slice(0, MAX_ROWS).map((v) => `| ${v.severity} | \`${v.violation_type}\` | ${v.framework} | ${cell(findingPage(v, report), 100)} |`),
    );
    if (listed.length > MAX_ROWS) lines.push("", `…and ${listed.length - MAX_ROWS} more in the full report.`);
    lines.push("");
  } else if (options.newOnly) lines.push(`No new violations since the baseline.`, "");

  const link = reportLink(options.reportUrl);
  lines.push(`<sub>${link ? `[Full report](${link}) · ` : ""}APO report v${escapeMarkdown(report.report_version)}, ${escapeMarkdown(m.generated_at)}</sub>`, "");
  return lines.join("\n");
}

function cell(text: string, max: number): string {
  return escapeMarkdown(clip(text, max));
}

/** An http(s) URL as a Markdown link destination in angle brackets, or null. */
function reportLink(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
    return `<${parsed.href.replace(/[<>\s]/g, encodeURIComponent)}>`;
  } catch {
    return null;
  }
}
