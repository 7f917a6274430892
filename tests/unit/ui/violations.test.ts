import { describe, expect, it } from "vitest";
import type { Violation } from "@/lib/schemas/report";
import { compareSelection, diffViolations } from "@/lib/ui/compare-scans";
import { emptyViolationFilter, filterViolations, sortViolations } from "@/lib/ui/violations";

function v(id: string, over: Partial<Violation> = {}): Violation {
  return {
    id,
    rule_id: `rule-${over.violation_type ?? "GPC_NOT_HONORED"}`,
    framework: "CCPA",
    section: "Cal. Civ. Code § 1798.135",
    rule_title: "GPC not honoured",
    violation_type: "GPC_NOT_HONORED",
    severity: "HIGH",
    confidence: "high",
    pages: ["https://a.example/"],
    description: "d",
    evidence: { requests: [], cookies: [], screenshots: [], signals: {}, notes: [] },
    recommendation: "r",
    status: "violation",
    penalty_min_usd: 2663,
    penalty_max_usd: 7988,
    penalty: null,
    ...over,
  };
}

describe("sortViolations / filterViolations", () => {
  const list = [
    v("1", { severity: "LOW", violation_type: "EXCESSIVE_COOKIE_LIFETIME" }),
    v("2", { severity: "HIGH", pages: ["a", "b", "c"] }),
    v("3", { severity: "MEDIUM", framework: "GDPR", violation_type: "NO_REJECT_OPTION", status: "inconclusive" }),
  ];
  it("sorts by severity both ways and by page count", () => {
    expect(sortViolations(list, "severity", "asc").map((x) => x.id)).toEqual(["2", "3", "1"]);
    expect(sortViolations(list, "severity", "desc").map((x) => x.id)).toEqual(["1", "3", "2"]);
    expect(sortViolations(list, "pages", "desc")[0]?.id).toBe("2");
  });
  it("filters by severity, framework, type, status and text", () => {
    expect(filterViolations(list, { ...emptyViolationFilter, severity: "LOW" }).map((x) => x.id)).toEqual(["1"]);
    expect(filterViolations(list, { ...emptyViolationFilter, framework: "GDPR" }).map((x) => x.id)).toEqual(["3"]);
    expect(filterViolations(list, { ...emptyViolationFilter, type: "GPC_NOT_HONORED" }).map((x) => x.id)).toEqual(["2"]);
    expect(filterViolations(list, { ...emptyViolationFilter, status: "inconclusive" }).map((x) => x.id)).toEqual(["3"]);
    expect(filterViolations(list, { ...emptyViolationFilter, text: "reject" }).map((x) => x.id)).toEqual(["3"]);
  });
});

describe("diffViolations", () => {
  it("splits fixed, new and unchanged by rule identity, not id or pages", () => {
    const before = [v("a1"), v("a2", { violation_type: "MISSING_OPT_OUT_LINK" })];
    const after = [v("b1", { pages: ["https://a.example/other"] }), v("b2", { violation_type: "SESSION_RECORDING" })];
    const d = diffViolations(before, after);
    expect(d.fixed.map((x) => x.id)).toEqual(["a2"]);
    expect(d.added.map((x) => x.id)).toEqual(["b2"]);
    expect(d.unchanged.map((u) => [u.before.id, u.after.id])).toEqual([["a1", "b1"]]);
  });
  it("matches by the fingerprint the report carries, and falls back to framework, rule and type for older reports", () => {
    // Same type, different trackers: different fingerprints (as the report builder writes them).
    const d = diffViolations([v("a1", { fingerprint: "f-meta" })], [v("b1", { fingerprint: "f-tiktok", description: "reworded" })]);
    expect(d.fixed.map((x) => x.id)).toEqual(["a1"]);
    expect(d.added.map((x) => x.id)).toEqual(["b1"]);
    expect(diffViolations([v("a1", { fingerprint: "f-meta" })], [v("b1", { fingerprint: "f-meta", description: "reworded" })]).unchanged).toHaveLength(1);
    // Reports without fingerprints: same framework, rule and type is the same finding.
    expect(diffViolations([v("a1")], [v("b1", { description: "reworded" })]).unchanged).toHaveLength(1);
    expect(diffViolations([v("a1")], [v("b1", { violation_type: "NO_REJECT_OPTION" })]).fixed.map((x) => x.id)).toEqual(["a1"]);
  });
  it("pairs repeated identities one to one", () => {
    const d = diffViolations([v("a1")], [v("b1"), v("b2")]);
    expect(d.unchanged).toHaveLength(1);
    expect(d.added.map((x) => x.id)).toEqual(["b2"]);
  });
});

describe("compareSelection", () => {
  const scans = [
    { scan_id: "new", url: "https://www.shop.example/", created_at: "2026-02-01T00:00:00Z", status: "complete" },
    { scan_id: "old", url: "https://shop.example/", created_at: "2026-01-01T00:00:00Z", status: "complete" },
    { scan_id: "other", url: "https://other.example/", created_at: "2026-01-05T00:00:00Z", status: "complete" },
  ] as const;
  it("orders the same site oldest first and refuses different sites", () => {
    const ok = compareSelection(scans, ["new", "old"]);
    expect(ok.kind === "ready" && [ok.older.scan_id, ok.newer.scan_id]).toEqual(["old", "new"]);
    expect(compareSelection(scans, ["new", "other"]).kind).toBe("mismatch");
    expect(compareSelection(scans, ["new"]).kind).toBe("none");
  });
});
