/**
 * The ideas privacy laws ask a policy to state, independent of wording and of framework. A
 * framework's disclosure (disclosures.ts) names the concepts that satisfy it; each language file
 * says how policies written in that language phrase them.
 */
export const DISCLOSURE_CONCEPTS = [
  "controller",
  "dpo",
  "person_in_charge",
  "legal_basis",
  "legitimate_interests",
  "purposes",
  "recipients",
  "transfers",
  "outside_quebec",
  "retention",
  "rights",
  "withdraw",
  "complaint",
  "automated",
  "profiling_tech",
  "pi_categories",
  "sources",
  "sold_shared",
  "request_methods",
  "do_not_sell",
  "minors",
  "updated",
  "appeal",
  "targeted_ads",
] as const;
export type DisclosureConcept = (typeof DISCLOSURE_CONCEPTS)[number];

/** How one language phrases the concepts; a concept without phrases falls back to the English patterns only. */
export type ConceptPhrases = Partial<Record<DisclosureConcept, RegExp[]>>;
