import type { Violation } from "@/lib/schemas/report";
import { penaltyCeiling } from "./compute-penalty";
import { toUsd } from "./fx";

/**
 * Marks Art. 83(3) groups and returns the maximum potential penalty.
 * - Per-violation regimes: sum over violations of max rate × affected consumers (× 1 when unknown);
 *   contingent (breach-only) amounts are excluded.
 * - Turnover-cap regimes: violations sharing a `conduct` group count once, at the group's
 *   highest cap (GDPR Art. 83(3): linked processing is capped at the gravest infringement);
 *   ungrouped violations count separately (LGPD fines are per infraction).
 * - Fixed-cap regimes (POPIA): one administrative cap overall.
 */
export function aggregatePenalties(
  violations: Violation[],
  conductOf: (v: Violation) => string | undefined,
  affectedConsumers?: number,
): { total: number | null; currency: string | null; totalUsd: number | null } {
  const confirmed = violations.filter((v) => v.status === "violation" && v.penalty && v.penalty.regime !== "none");
  if (!confirmed.length) return { total: null, currency: null, totalUsd: null };
  const groups = new Map<string, Violation[]>();
  confirmed.forEach((v, i) => {
    const p = v.penalty;
    const key = p?.regime === "fixed_cap" ? "fixed-cap" : p?.regime === "turnover_cap" && conductOf(v) ? `conduct:${conductOf(v)}` : `single:${i}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  });
  let total = 0;
  let totalUsd = 0;
  let currency: string | null = null;
  for (const members of groups.values()) {
    const ranked = members
      .map((v) => ({ v, ceiling: v.penalty && !v.penalty.contingent ? penaltyCeiling(v.penalty, affectedConsumers) : null }))
      .sort((a, b) => (b.ceiling ?? -1) - (a.ceiling ?? -1));
    const head = ranked[0];
    if (!head) continue;
    if (members.length > 1 && head.v.penalty?.regime !== "per_violation") {
      for (const other of ranked.slice(1)) if (other.v.penalty) other.v.penalty.grouped_with = head.v.id;
      if (head.ceiling !== null && head.v.penalty) {
        total += head.ceiling;
        totalUsd += toUsd(head.ceiling, head.v.penalty.currency) ?? 0;
        currency = head.v.penalty.currency;
      }
      continue;
    }
    for (const { v, ceiling } of ranked) {
      if (ceiling === null || !v.penalty) continue;
      total += ceiling;
      totalUsd += toUsd(ceiling, v.penalty.currency) ?? 0;
      currency = v.penalty.currency;
    }
  }
  return { total, currency, totalUsd };
}
