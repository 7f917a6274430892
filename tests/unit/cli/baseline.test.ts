import { describe, expect, it } from "vitest";
import { baselineSummary, buildBaseline, compareWithBaseline, findingsOf, isExpired, parseBaseline, serializeBaseline, type Baseline } from "@/lib/outputs/baseline";
import { violationFingerprint } from "@/lib/findings/fingerprint";
import { sampleReport } from "@/tests/unit/support/sample-report";

// Baselines on a real report (the Observability agent on recorded evidence of a tracker-heavy site).
const report = sampleReport("scan-baseline", "GDPR");
const findings = findingsOf(report);
const NOW = new Date("2026-06-15T12:00:00Z");

describe("findingsOf", () => {
  it("lists each confirmed violation once, by its fingerprint, never inconclusive entries or observations", () => {
    const confirmed = report.violations.filter((v) => v.status === "violation");
    expect(confirmed.length).toBeGreaterThan(1);
    expect(findings.map((f) => f.fingerprint).sort()).toEqual([...new Set(confirmed.map((v) => v.fingerprint))].sort());
    for (const f of findings) expect(f.page).toBe(confirmed.find((v) => v.fingerprint === f.fingerprint)?.pages[0] ?? null);
    // An inconclusive entry is no finding of the baseline's.
    const inconclusive = { ...confirmed[0]!, status: "inconclusive" as const, fingerprint: "1".repeat(32) };
    expect(findingsOf({ ...report, violations: [...report.violations, inconclusive] })).toEqual(findings);
  });

  it("includes the other frameworks' violations of a multi-framework report", () => {
    const other = report.violations.filter((v) => v.status === "violation").map((v) => ({ ...v, framework: "UK_GDPR" as const, fingerprint: undefined }));
    const multi = { ...report, framework_results: [...report.framework_results, { ...report.framework_results[0]!, framework: "UK_GDPR" as const, primary: false, violations: other }] };
    const all = findingsOf(multi);
    expect(all).toHaveLength(findings.length * 2);
    expect(all.filter((f) => f.framework === "UK_GDPR")).toHaveLength(findings.length);
  });

  it("computes the fingerprint of a report written before violations carried one", () => {
    const old = { ...report, violations: report.violations.map((v) => ({ ...v, fingerprint: undefined })) };
    expect(findingsOf(old).map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    const first = report.violations.find((v) => v.status === "violation");
    expect(first && violationFingerprint(first).fingerprint).toBe(first?.fingerprint);
  });
});

describe("buildBaseline / parseBaseline", () => {
  it("records type, framework and first page per fingerprint, and reads back what it wrote", () => {
    const written = buildBaseline(report.report_metadata.target_url, findings, [], NOW);
    expect(written.findings).toHaveLength(findings.length);
    const entry = written.findings.find((e) => e.fingerprint === findings[0]?.fingerprint);
    expect(entry).toEqual({ fingerprint: findings[0]?.fingerprint, violation_type: findings[0]?.violation_type, framework: "GDPR", page: findings[0]?.page });
    expect(parseBaseline(serializeBaseline(written))).toEqual(written);
  });

  it("keeps the reasons and expiries a person added when the file is rewritten, and drops findings that are gone", () => {
    const [a, b] = findings;
    const edited: Baseline = {
      ...buildBaseline("https://x.example/", findings, [], NOW),
      findings: [
        { fingerprint: a!.fingerprint, violation_type: a!.violation_type, framework: "GDPR", page: null, reason: "Vendor contract signed, DPIA ticket PRIV-12", expires: "2026-12-31" },
        { fingerprint: "0".repeat(32), violation_type: "NO_REJECT_OPTION", framework: "GDPR", page: null, reason: "gone since" },
      ],
    };
    const rewritten = buildBaseline("https://x.example/", findings, [parseBaseline(serializeBaseline(edited))], NOW);
    expect(rewritten.findings.find((e) => e.fingerprint === a!.fingerprint)).toMatchObject({ reason: "Vendor contract signed, DPIA ticket PRIV-12", expires: "2026-12-31" });
    expect(rewritten.findings.find((e) => e.fingerprint === b!.fingerprint)).not.toHaveProperty("reason");
    expect(rewritten.findings.map((e) => e.fingerprint)).not.toContain("0".repeat(32));
  });

  it("names what is wrong in a hand-edited file", () => {
    expect(() => parseBaseline("{")).toThrow(/not JSON/);
    expect(() => parseBaseline(JSON.stringify({ apo_baseline: 1, url: "u", written_at: "t", findings: [{ fingerprint: "f", violation_type: "X", framework: "GDPR", expires: "next year" }] }))).toThrow(/findings\.0\.expires/);
    expect(() => parseBaseline(JSON.stringify({ apo_baseline: 2, url: "u", written_at: "t", findings: [] }))).toThrow(/apo_baseline/);
  });
});

describe("isExpired", () => {
  it("treats a date as accepted through that whole day (UTC) and an instant as exact", () => {
    expect(isExpired({ expires: "2026-06-15" }, NOW)).toBe(false);
    expect(isExpired({ expires: "2026-06-14" }, NOW)).toBe(true);
    expect(isExpired({ expires: "2026-06-15T11:59:59Z" }, NOW)).toBe(true);
    expect(isExpired({ expires: "2026-06-15T12:00:01+00:00" }, NOW)).toBe(false);
    expect(isExpired({}, NOW)).toBe(false);
  });
});

describe("compareWithBaseline", () => {
  it("sorts findings into new, accepted, accepted-but-expired (also new) and fixed", () => {
    expect(findings.length).toBeGreaterThanOrEqual(3);
    const [accepted, expired, unknown] = findings;
    const base = buildBaseline("https://x.example/", [accepted!, expired!], [], NOW);
    base.findings = base.findings.map((e) => (e.fingerprint === expired!.fingerprint ? { ...e, expires: "2026-01-31" } : { ...e, expires: "2027-01-01" }));
    base.findings.push({ fingerprint: "f".repeat(32), violation_type: "NO_CONSENT_MECHANISM", framework: "GDPR", page: null });
    const c = compareWithBaseline(findings, base, NOW);
    expect(c.accepted.map((f) => f.fingerprint)).toEqual([accepted!.fingerprint]);
    expect(c.expired.map((f) => f.fingerprint)).toEqual([expired!.fingerprint]);
    expect(c.newFindings.map((f) => f.fingerprint)).toContain(unknown!.fingerprint);
    expect(c.newFindings.map((f) => f.fingerprint)).toContain(expired!.fingerprint);
    expect(c.newFindings).toHaveLength(findings.length - 1);
    expect(c.fixed.map((e) => e.fingerprint)).toEqual(["f".repeat(32)]);
    expect(baselineSummary(c)).toBe(`Baseline: ${findings.length - 1} new, 1 accepted, 1 accepted-but-expired (counted as new), 1 fixed`);
  });

  it("reports nothing new against a baseline of the same scan", () => {
    const c = compareWithBaseline(findings, buildBaseline("u", findings, [], NOW), NOW);
    expect(c).toMatchObject({ newFindings: [], expired: [], fixed: [] });
    expect(c.accepted).toHaveLength(findings.length);
  });
});

describe("buildBaseline from several previous baselines", () => {
  it("keeps a reason from the baseline compared with, and lets the rewritten file's own entry win", () => {
    const [a, b] = findings;
    const entry = (f: typeof a, extra: object) => ({ fingerprint: f!.fingerprint, violation_type: f!.violation_type, framework: "GDPR", page: null, ...extra });
    const comparedWith: Baseline = { apo_baseline: 1, url: "u", written_at: "t", findings: [entry(a, { reason: "old reason" }), entry(b, { reason: "accepted in review" })] };
    const rewritten: Baseline = { apo_baseline: 1, url: "u", written_at: "t", findings: [entry(a, { reason: "newer reason", expires: "2027-01-01" })] };
    const out = buildBaseline("u", findings, [comparedWith, rewritten], NOW);
    expect(out.findings.find((e) => e.fingerprint === a!.fingerprint)).toMatchObject({ reason: "newer reason", expires: "2027-01-01" });
    expect(out.findings.find((e) => e.fingerprint === b!.fingerprint)).toMatchObject({ reason: "accepted in review" });
  });
});
