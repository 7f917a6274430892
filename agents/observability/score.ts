import type { Violation } from "@/lib/schemas/report";

/**
 * Compliance score: start at 100 and subtract, per confirmed violation, its severity weight
 * (HIGH 15, MEDIUM 8, LOW 3) times its confidence factor (high 1, medium 0.75, low 0.5); floor 0,
 * rounded. Observations and inconclusive findings subtract nothing. Grade: A ≥ 90, B ≥ 80,
 * C ≥ 70, D ≥ 60, else F.
 */
export const SCORE_FORMULA =
  "score = max(0, round(100 − Σ over confirmed violations of severity weight (HIGH 15, MEDIUM 8, LOW 3) × confidence factor (high 1, medium 0.75, low 0.5))); observations and inconclusive findings do not count. Grade A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below.";

const SEVERITY_WEIGHT = { HIGH: 15, MEDIUM: 8, LOW: 3 } as const;
const CONFIDENCE_FACTOR = { high: 1, medium: 0.75, low: 0.5 } as const;

export function computeScore(violations: Violation[]): { score: number; grade: "A" | "B" | "C" | "D" | "F" } {
  const penalty = violations
    .filter((v) => v.status === "violation")
    .reduce((sum, v) => sum + SEVERITY_WEIGHT[v.severity] * CONFIDENCE_FACTOR[v.confidence], 0);
  const score = Math.max(0, Math.round(100 - penalty));
  const grade = score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";
  return { score, grade };
}
