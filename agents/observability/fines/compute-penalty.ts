import type { PenaltySchedule } from "@/agents/rules/types";
import type { Penalty } from "@/lib/schemas/report";
import { FX_DATE, convert, toUsd } from "./fx";

export interface PenaltyInputs {
  affectedConsumers?: number;
  annualTurnover?: { amount: number; currency: string };
  scanDate: string;
}

function effective(schedule: PenaltySchedule, scanDate: string): PenaltySchedule {
  if (schedule.kind === "turnover_cap" && schedule.before && scanDate.slice(0, 10) < schedule.before.date) return schedule.before.schedule;
  return schedule;
}

/**
 * The penalty for one violation. Per-violation regimes: min/max are per-violation rates and
 * exposure = standard rate × affected consumers. Turnover caps: max is the fixed cap, exposure
 * max(fixed, pct × turnover) (LGPD: min(pct × revenue, cap)). Fixed caps: the cap only.
 */
export function computePenalty(input: PenaltySchedule, inputs: PenaltyInputs): Penalty {
  const schedule = effective(input, inputs.scanDate);
  const usd = (min: number | null, max: number | null, exposure: number | null, currency: string) => ({
    min: toUsd(min, currency),
    max: toUsd(max, currency),
    exposure: toUsd(exposure, currency),
    fx_date: FX_DATE,
  });
  switch (schedule.kind) {
    case "per_violation": {
      const n = inputs.affectedConsumers;
      const exposure = schedule.contingent || n === undefined ? null : schedule.min * n;
      const basis = schedule.contingent
        ? `${schedule.basis} Not summed into the exposure: it arises only after a breach.`
        : n === undefined
          ? `${schedule.basis} Exposure needs the number of affected consumers.`
          : `${schedule.basis} Exposure = $${schedule.min.toLocaleString("en-US")} × ${n.toLocaleString("en-US")} affected consumers.`;
      return {
        currency: "USD",
        regime: "per_violation",
        min: schedule.min,
        max: schedule.max,
        exposure,
        basis,
        citation: schedule.citation,
        approximate_usd: usd(schedule.min, schedule.max, exposure, "USD"),
        benchmark: schedule.benchmark ?? null,
        grouped_with: null,
        contingent: schedule.contingent ?? false,
      };
    }
    case "turnover_cap": {
      const t = inputs.annualTurnover;
      const turnover = t ? (t.currency.toUpperCase() === schedule.currency ? t.amount : convert(t.amount, t.currency, schedule.currency)) : null;
      const pctFigure = turnover === null ? null : Math.round(schedule.pct * turnover);
      const exposure = pctFigure === null ? null : schedule.combine === "higher" ? Math.max(schedule.fixed, pctFigure) : Math.min(schedule.fixed, pctFigure);
      const pct = `${schedule.pct * 100}%`;
      const basis =
        exposure === null
          ? `${schedule.basis} Without the annual turnover only the fixed figure is shown.`
          : `${schedule.basis} With turnover ${turnover?.toLocaleString("en-US")} ${schedule.currency}: ${pct} = ${pctFigure?.toLocaleString("en-US")}; ${schedule.combine === "higher" ? "the higher" : "the lower"} figure applies.`;
      return {
        currency: schedule.currency,
        regime: "turnover_cap",
        min: null,
        max: schedule.fixed,
        exposure,
        basis,
        citation: schedule.citation,
        approximate_usd: usd(null, schedule.fixed, exposure, schedule.currency),
        benchmark: schedule.benchmark ?? null,
        grouped_with: null,
        contingent: false,
      };
    }
    case "fixed_cap":
      return {
        currency: schedule.currency,
        regime: "fixed_cap",
        min: null,
        max: schedule.max,
        exposure: null,
        basis: schedule.basis,
        citation: schedule.citation,
        approximate_usd: usd(null, schedule.max, null, schedule.currency),
        benchmark: schedule.benchmark ?? null,
        grouped_with: null,
        contingent: false,
      };
    case "none":
      return {
        currency: schedule.currency ?? "USD",
        regime: "none",
        min: null,
        max: null,
        exposure: null,
        basis: schedule.basis,
        citation: schedule.citation,
        approximate_usd: { min: null, max: null, exposure: null, fx_date: FX_DATE },
        benchmark: null,
        grouped_with: null,
        contingent: false,
      };
  }
}

/** Upper bound of one violation in its own currency: exposure at the highest rate, or the cap. */
export function penaltyCeiling(p: Penalty, affectedConsumers?: number): number | null {
  if (p.regime === "per_violation") {
    if (p.max === null) return null;
    return p.max * Math.max(affectedConsumers ?? 1, 1);
  }
  if (p.regime === "none") return null;
  return p.exposure ?? p.max;
}
