import { findingCodes } from "@/lib/schemas/report";
import type { FrameworkCatalog } from "./types";

/**
 * Checks a framework catalog's shape at load time: every finding code has an entry, every
 * penalty key exists, observations say why. Throws on the first inconsistency so a bad catalog
 * fails every test rather than a scan.
 */
export function defineFrameworkCatalog(catalog: FrameworkCatalog): FrameworkCatalog {
  for (const code of findingCodes) {
    const rule = catalog.rules[code];
    if (!rule) throw new Error(`${catalog.id}: no rule for ${code}`);
    if (!rule.rule_id || !rule.section || !rule.title || !rule.remediation) {
      throw new Error(`${catalog.id}/${code}: rule_id, section, title and remediation are required`);
    }
    if (!(rule.penalty in catalog.penalties)) throw new Error(`${catalog.id}/${code}: unknown penalty key ${rule.penalty}`);
    if (rule.treatment === "observation" && !rule.reason) throw new Error(`${catalog.id}/${code}: observation needs a reason`);
    if (rule.effective_from && Number.isNaN(Date.parse(rule.effective_from))) {
      throw new Error(`${catalog.id}/${code}: bad effective_from`);
    }
  }
  return catalog;
}
