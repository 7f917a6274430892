import type { Framework } from "@/lib/schemas/framework";
import type { FindingCode } from "@/lib/schemas/report";
import { ccpaCatalog } from "./frameworks/ccpa";
import { gdprCatalog } from "./frameworks/gdpr";
import { lgpdCatalog } from "./frameworks/lgpd";
import { pipedaCatalog } from "./frameworks/pipeda";
import { popiaCatalog } from "./frameworks/popia";
import { ukGdprCatalog } from "./frameworks/uk-gdpr";
import { usStateCatalogs } from "./frameworks/us-states";
import type { FrameworkCatalog, RuleEntry } from "./types";

/** The legal catalog: one entry per framework id, compiler-enforced. */
export const frameworkCatalogs: Record<Framework, FrameworkCatalog> = {
  CCPA: ccpaCatalog,
  GDPR: gdprCatalog,
  UK_GDPR: ukGdprCatalog,
  LGPD: lgpdCatalog,
  PIPEDA: pipedaCatalog,
  POPIA: popiaCatalog,
  ...usStateCatalogs,
};

/**
 * The rule for a finding under a framework, with effective dates applied: a duty not yet in
 * force on the scan date becomes an observation.
 */
export function resolveRule(framework: Framework, code: FindingCode, scanDate: string): RuleEntry {
  const rule = frameworkCatalogs[framework].rules[code];
  if (rule.treatment === "violation" && rule.effective_from && scanDate.slice(0, 10) < rule.effective_from) {
    return {
      ...rule,
      treatment: "observation",
      penalty: "NONE",
      reason: `This duty applies from ${rule.effective_from}; the scan ran on ${scanDate.slice(0, 10)}.`,
    };
  }
  return rule;
}

export { defineFrameworkCatalog } from "./define-framework-catalog";
export type { FrameworkCatalog, PenaltySchedule, RuleEntry } from "./types";
