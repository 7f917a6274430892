import { z } from "zod";
import type { ScanSummary, ViolationRow } from "@/lib/store/types";

// Lenient on purpose: the report schema belongs to the engine and may grow; the service only
// needs the headline numbers for history and the violation rows for queries.
const ViolationSchema = z
  .object({
    rule_id: z.string().optional(),
    framework: z.string().optional(),
    violation_type: z.string().optional(),
    severity: z.string().optional(),
    penalty_min_usd: z.number().nullable().optional(),
    penalty_max_usd: z.number().nullable().optional(),
  })
  .loose();

const ReportHeadSchema = z
  .object({
    violations: z.array(ViolationSchema).default([]),
    violation_summary: z
      .object({
        total: z.number().optional(),
        severity_breakdown: z.object({ HIGH: z.number(), MEDIUM: z.number(), LOW: z.number() }).partial().optional(),
        max_potential_penalty_usd: z.number().nullable().optional(),
      })
      .loose()
      .optional(),
    compliance_score: z.object({ score: z.number().optional(), grade: z.string().optional() }).loose().optional(),
  })
  .loose();

export function summarizeReport(report: unknown): { summary: ScanSummary; violations: ViolationRow[] } | null {
  const parsed = ReportHeadSchema.safeParse(report);
  if (!parsed.success) return null;
  const { violations, violation_summary: vs, compliance_score: cs } = parsed.data;
  const count = (sev: string) => violations.filter((v) => v.severity?.toUpperCase() === sev).length;
  return {
    summary: {
      total_violations: vs?.total ?? violations.length,
      severity_breakdown: {
        HIGH: vs?.severity_breakdown?.HIGH ?? count("HIGH"),
        MEDIUM: vs?.severity_breakdown?.MEDIUM ?? count("MEDIUM"),
        LOW: vs?.severity_breakdown?.LOW ?? count("LOW"),
      },
      max_potential_penalty_usd: vs?.max_potential_penalty_usd ?? null,
      compliance_score: cs?.score ?? null,
      grade: cs?.grade ?? null,
    },
    violations: violations.map((v) => ({
      rule_id: v.rule_id ?? null,
      framework: v.framework ?? null,
      violation_type: v.violation_type ?? null,
      severity: v.severity ?? null,
      penalty_min_usd: v.penalty_min_usd ?? null,
      penalty_max_usd: v.penalty_max_usd ?? null,
      data: v,
    })),
  };
}
