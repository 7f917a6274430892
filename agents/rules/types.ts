import type { Framework } from "@/lib/schemas/framework";
import type { FindingCode, Severity } from "@/lib/schemas/report";

/** How a fine is computed for one rule; figures come only from LAW.md §1. */
export type PenaltySchedule =
  | {
      kind: "per_violation";
      currency: "USD";
      /** Rate for an ordinary violation. */
      min: number;
      /** Rate for an intentional/repeat/minors violation (or the same as min). */
      max: number;
      basis: string;
      citation: string;
      benchmark?: string;
      /** Damages only arise after an event (e.g. a breach): never summed into exposure. */
      contingent?: boolean;
    }
  | {
      kind: "turnover_cap";
      currency: string;
      fixed: number;
      pct: number;
      /** "higher" = max(fixed, pct × turnover) (GDPR, UK, QC); "lower" = min(pct × turnover, fixed) (LGPD per infraction). */
      combine: "higher" | "lower";
      basis: string;
      citation: string;
      benchmark?: string;
      /** Until this ISO date a different schedule applied (e.g. PECR before the DUAA 2025 commenced). */
      before?: { date: string; schedule: PenaltySchedule };
    }
  | { kind: "fixed_cap"; currency: string; max: number; basis: string; citation: string; benchmark?: string }
  | { kind: "none"; currency: string | null; basis: string; citation: string };

/** What one finding code means under one framework. */
export interface RuleEntry {
  rule_id: string;
  section: string;
  title: string;
  severity: Severity;
  /** "observation" = reported, never counted as a violation under this framework. */
  treatment: "violation" | "observation";
  /** Why it is only an observation (required when treatment is "observation"). */
  reason?: string;
  /** Key into the framework's penalty schedule. */
  penalty: string;
  remediation: string;
  /** The duty applies from this ISO date; before it the finding is an observation. */
  effective_from?: string;
  /** GDPR Art. 83(3): findings in one conduct group share one cap. */
  conduct?: string;
  /** LAW.md §5: treat as MEDIUM when the site honours GPC. */
  downgrade_if_gpc_honored?: boolean;
}

export interface FrameworkCatalog {
  id: Framework;
  name: string;
  jurisdiction: string;
  currency: string;
  /** Whether non-essential tracking needs prior opt-in consent (GDPR-style) or only an opt-out (US-style). */
  consent_model: "opt_in" | "opt_out";
  penalties: Record<string, PenaltySchedule>;
  rules: Record<FindingCode, RuleEntry>;
  benchmarks: string[];
}
