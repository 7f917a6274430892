import { describe, expect, it } from "vitest";
import { toMarkdown } from "@/lib/outputs/markdown";
import { escapeMarkdown } from "@/lib/outputs/text";
import { hostileReport, recordedReport } from "./support";

/** The table rows of a Markdown document with their cells, split on unescaped pipes. */
function tableRows(md: string): string[][] {
  return md
    .split("\n")
    .filter((line) => line.startsWith("|") && !line.startsWith("|---"))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
}

describe("toMarkdown", () => {
  const report = recordedReport("tracky", ["GDPR", "CCPA"]);
  const md = toMarkdown(report, { reportUrl: "https://apo.example.com/scans/scan-recorded" });
  const confirmed = report.framework_results.flatMap((f) => f.violations).filter((v) => v.status === "violation");

  it("summarises target, frameworks, scores, severities, fines, consent and GPC in under 60 lines", () => {
    expect(md.split("\n").length).toBeLessThan(60);
    expect(md).toContain("### APO privacy scan: http://www.tracky.example/");
    expect(md).toContain(`**${confirmed.length} violations** (HIGH ${confirmed.filter((v) => v.severity === "HIGH").length} · MEDIUM`);
    const [gdpr, ccpa] = report.framework_results;
    expect(md).toContain(`| GDPR (primary) | ${gdpr!.compliance_score.score}/100 (${gdpr!.compliance_score.grade}) | ${gdpr!.violation_summary.total} (`);
    expect(md).toContain(`| EUR ${gdpr!.violation_summary.max_potential_penalty!.toLocaleString("en-US")} |`);
    expect(md).toContain(`| USD ${ccpa!.violation_summary.max_potential_penalty!.toLocaleString("en-US")} |`);
    expect(md).toContain("**Consent:** No consent banner or preference tool was found.");
    expect(md).toContain("**GPC:** not honored: With GPC on,");
    expect(md).toContain("[Full report](<https://apo.example.com/scans/scan-recorded>)");
  });

  it("lists every confirmed violation, the most severe first, with code, framework and page", () => {
    const rows = tableRows(md).filter((r) => r.length === 4 && /^(HIGH|MEDIUM|LOW)$/.test(r[0]!));
    expect(rows).toHaveLength(confirmed.length);
    expect(rows.map((r) => r[0])).toEqual([...rows.map((r) => r[0])].sort((a, b) => ["HIGH", "MEDIUM", "LOW"].indexOf(a!) - ["HIGH", "MEDIUM", "LOW"].indexOf(b!)));
    expect(rows).toContainEqual(["HIGH", "`GPC_NOT_HONORED`", "CCPA", "http://www.tracky.example/"]);
    expect(rows).toContainEqual(["HIGH", "`PII_SHARED_WITH_THIRD_PARTY`", "GDPR", "http://www.tracky.example/account/signup"]);
  });

  it("lists only new violations against a baseline, and says when there are none", () => {
    const fresh = confirmed.slice(0, 2).map((v) => v.fingerprint!);
    const onlyNew = toMarkdown(report, { newOnly: new Set(fresh) });
    expect(onlyNew).toContain("**2 new** since the baseline");
    expect(onlyNew).toContain("#### New violations");
    expect(tableRows(onlyNew).filter((r) => /^(HIGH|MEDIUM|LOW)$/.test(r[0]!))).toHaveLength(2);
    expect(toMarkdown(report, { newOnly: new Set() })).toContain("No new violations since the baseline.");
  });

  it("stays short for a report with many violations", () => {
    const many = recordedReport("tracky", ["GDPR", "CCPA", "UK_GDPR", "LGPD"]);
    const total = many.framework_results.flatMap((f) => f.violations).filter((v) => v.status === "violation").length;
    expect(total).toBeGreaterThan(20);
    const text = toMarkdown(many);
    expect(text.split("\n").length).toBeLessThan(60);
    expect(text).toContain(`…and ${total - 20} more in the full report.`);
  });

  it("escapes what the site wrote: no HTML, links, images, code, cell breaks or mentions", () => {
    const hostile = toMarkdown(hostileReport());
    expect(hostile).not.toMatch(/(?<!\\)<script/);
    expect(hostile).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(hostile).not.toMatch(/(?<!\\)!\[img/);
    expect(hostile).not.toMatch(/(?<!\\)\*\*bold/);
    expect(hostile).not.toMatch(/@octocat/);
    expect(hostile).toContain("@\u200boctocat");
    expect(hostile.replace(/`[A-Z_]+`/g, "")).not.toMatch(/(?<!\\)`/);
    expect(hostile).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    for (const row of tableRows(hostile)) expect(row.length === 4 || row.length === 0, row.join(" | ")).toBe(true);
    expect(hostile.split("\n").length).toBeLessThan(60);
    // A report link is an http(s) URL or nothing.
    expect(toMarkdown(report, { reportUrl: "javascript:alert(1)" })).not.toContain("Full report");
  });

  it("escapeMarkdown leaves ordinary text readable", () => {
    expect(escapeMarkdown("Google Analytics, Meta (2 cookies): 3.5 days")).toBe("Google Analytics, Meta \\(2 cookies\\): 3.5 days");
    expect(escapeMarkdown("a|b\n<i>c</i>")).toBe("a\\|b \\<i\\>c\\</i\\>");
  });
});
