import { frameworkCatalogs, resolveRule } from "@/agents/rules";
import type { Framework } from "@/lib/schemas/framework";
import { findingCodes, type EvidenceReport, type FindingCode, type Violation } from "@/lib/schemas/report";
import { clip, oneLine, withoutControls } from "./text";
import { fingerprintOf, frameworkVerdicts, type FrameworkVerdict } from "./verdicts";

/**
 * The report as JUnit XML, so any CI shows a table of the rules a site passed and failed: one
 * `<testsuite>` per framework judged, one `<testcase>` per rule that framework judges as a
 * violation (whether or not it fired on this site), failed with the evidence summary for confirmed
 * violations, skipped for inconclusive ones, passed otherwise. Rules a framework only notes as an
 * observation are no test: they never fail a scan.
 */

/** How much evidence a failure lists: enough to read, not the whole report. */
const LIST_CAP = 5;

interface Case {
  code: FindingCode;
  title: string;
  confirmed: Violation[];
  inconclusive: Violation[];
}

export function toJunit(report: EvidenceReport): string {
  const suites = frameworkVerdicts(report).map((verdict) => ({ verdict, cases: casesOf(verdict, report.report_metadata.generated_at) }));
  const count = (pick: (c: Case) => boolean) => suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const failed = (c: Case) => c.confirmed.length > 0;
  const skipped = (c: Case) => c.confirmed.length === 0 && c.inconclusive.length > 0;
  const m = report.report_metadata;

  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="APO privacy scan" tests="${count(() => true)}" failures="${count(failed)}" errors="0" skipped="${count(skipped)}" time="0">`,
  ];
  for (const { verdict, cases } of suites) {
    lines.push(
      `  <testsuite name="${attr(verdict.framework)}" tests="${cases.length}" failures="${cases.filter(failed).length}" errors="0" skipped="${cases.filter(skipped).length}" time="0" timestamp="${attr(m.generated_at)}">`,
      `    <properties>`,
      ...[
        ["scan_id", m.scan_id],
        ["target_url", m.target_url],
        ["final_url", m.final_url ?? ""],
        ["framework", `${verdict.framework_name}${verdict.primary ? " (primary)" : ""}`],
        ["score", String(verdict.compliance_score.score)],
        ["grade", verdict.compliance_score.grade],
        ["report_version", report.report_version],
      ].map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`),
      `    </properties>`,
    );
    for (const c of cases) {
      const open = `    <testcase classname="apo.${attr(verdict.framework)}" name="${attr(`${c.title} (${c.code})`)}" time="0"`;
      if (failed(c)) {
        const first = c.confirmed[0]!;
        lines.push(`${open}>`, `      <failure message="${attr(clip(oneLine(first.description), 300))}" type="${attr(`${first.severity} ${c.code}`)}">${text(c.confirmed.map(evidenceSummary).join("\n\n"))}</failure>`, `    </testcase>`);
      } else if (skipped(c)) {
        lines.push(`${open}>`, `      <skipped message="${attr(clip(`inconclusive: ${oneLine(c.inconclusive[0]!.description)}`, 300))}"/>`, `    </testcase>`);
      } else lines.push(`${open}/>`);
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`, "");
  return lines.join("\n");
}

/** Every rule the framework judges as a violation on the scan date, plus any code it reported. */
function casesOf(verdict: FrameworkVerdict, scanDate: string): Case[] {
  const framework: Framework = verdict.framework;
  const reported = new Set(verdict.violations.map((v) => v.violation_type));
  return findingCodes
    .filter((code) => reported.has(code) || (frameworkCatalogs[framework] && resolveRule(framework, code, scanDate).treatment === "violation"))
    .map((code) => {
      const mine = verdict.violations.filter((v) => v.violation_type === code);
      return {
        code,
        title: mine[0]?.rule_title ?? frameworkCatalogs[framework].rules[code].title,
        confirmed: mine.filter((v) => v.status === "violation"),
        inconclusive: mine.filter((v) => v.status === "inconclusive"),
      };
    });
}

function evidenceSummary(v: Violation): string {
  const more = (n: number) => (n > LIST_CAP ? [`  … and ${n - LIST_CAP} more`] : []);
  const e = v.evidence;
  return [
    oneLine(v.description),
    `Severity: ${v.severity} · confidence: ${v.confidence} · ${v.framework}: ${v.section}`,
    ...(v.penalty?.max != null ? [`Maximum fine: ${v.penalty.max.toLocaleString("en-US")} ${v.penalty.currency} (${v.penalty.citation})`] : []),
    `Pages:`,
    ...v.pages.slice(0, LIST_CAP).map((p) => `  ${oneLine(p)}`),
    ...more(v.pages.length),
    ...(e.requests.length > 0 ? [`Requests:`, ...e.requests.slice(0, LIST_CAP).map((r) => `  ${r.method} ${clip(oneLine(r.url), 200)} [${r.entity ?? "unknown"}, ${r.session}]`), ...more(e.requests.length)] : []),
    ...(e.cookies.length > 0 ? [`Cookies:`, ...e.cookies.slice(0, LIST_CAP).map((c) => `  ${oneLine(c.name)} on ${oneLine(c.domain)} [${c.entity ?? "unknown"}, ${c.session}]`), ...more(e.cookies.length)] : []),
    `How to fix: ${oneLine(v.recommendation)}`,
    `Fingerprint: ${fingerprintOf(v)}`,
  ].join("\n");
}

/** XML 1.0 character data: markup characters escaped, characters XML cannot hold removed. */
function text(value: string): string {
  return withoutControls(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value: as text, plus quotes, and tab and line breaks kept as references (not normalised to spaces). */
function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
