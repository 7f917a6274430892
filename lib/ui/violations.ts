import type { Severity, Violation } from "@/lib/schemas/report";

export const severityOrder: readonly Severity[] = ["HIGH", "MEDIUM", "LOW"];
const severityRank: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export type ViolationSortKey = "severity" | "type" | "framework" | "penalty" | "pages";
export type SortDir = "asc" | "desc";

export interface ViolationFilter {
  severity: Severity | "all";
  framework: string | "all";
  type: string | "all";
  status: "all" | "violation" | "inconclusive";
  text: string;
}

export const emptyViolationFilter: ViolationFilter = { severity: "all", framework: "all", type: "all", status: "all", text: "" };

function penaltyOf(v: Violation): number {
  return v.penalty?.max ?? v.penalty_max_usd ?? -1;
}

function compare(a: Violation, b: Violation, key: ViolationSortKey): number {
  switch (key) {
    case "severity":
      return severityRank[a.severity] - severityRank[b.severity];
    case "type":
      return a.violation_type.localeCompare(b.violation_type);
    case "framework":
      return a.framework.localeCompare(b.framework) || a.section.localeCompare(b.section);
    case "penalty":
      return penaltyOf(a) - penaltyOf(b);
    case "pages":
      return a.pages.length - b.pages.length;
  }
}

/** Stable sort; ties fall back to severity then id so the order never jumps between renders. */
export function sortViolations(list: readonly Violation[], key: ViolationSortKey, dir: SortDir): Violation[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...list].sort(
    (a, b) => sign * compare(a, b, key) || severityRank[a.severity] - severityRank[b.severity] || a.id.localeCompare(b.id),
  );
}

export function filterViolations(list: readonly Violation[], f: ViolationFilter): Violation[] {
  const text = f.text.trim().toLowerCase();
  return list.filter(
    (v) =>
      (f.severity === "all" || v.severity === f.severity) &&
      (f.framework === "all" || v.framework === f.framework) &&
      (f.type === "all" || v.violation_type === f.type) &&
      (f.status === "all" || v.status === f.status) &&
      (!text ||
        [v.rule_title, v.description, v.section, v.violation_type, ...v.pages].some((s) => s.toLowerCase().includes(text))),
  );
}

export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
