import type { CoveredLanguage } from "../policy-language";
import type { ConceptPhrases } from "./concepts";
import { GERMAN } from "./de";
import { SPANISH } from "./es";
import { FRENCH } from "./fr";
import { ITALIAN } from "./it";
import { DUTCH } from "./nl";
import { PORTUGUESE } from "./pt";

export { DISCLOSURE_CONCEPTS, type ConceptPhrases, type DisclosureConcept } from "./concepts";

/** English lives in disclosures.ts (each disclosure's own patterns), which apply in every language. */
export const PHRASES_BY_LANGUAGE: Record<CoveredLanguage, ConceptPhrases> = {
  en: {},
  de: GERMAN,
  fr: FRENCH,
  es: SPANISH,
  pt: PORTUGUESE,
  it: ITALIAN,
  nl: DUTCH,
};
