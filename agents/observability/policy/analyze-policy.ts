import type { Evidence } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { PrivacyPolicyAnalysis } from "@/lib/schemas/report";
import { disclosuresByFramework, type Disclosure } from "./disclosures";
import { COVERED_LANGUAGES, coveredLanguageOf, detectPolicyLanguage, languageName, type CoveredLanguage, type PolicyLanguage } from "./policy-language";
import { PHRASES_BY_LANGUAGE } from "./phrases";
import { quoteAround } from "./quote";

export { quoteAround } from "./quote";

/**
 * The patterns that evidence one disclosure in the policy's language: that language's wording
 * first (so the quote is the policy's own sentence), then English, which policies in every
 * language borrow ("Opt-out", "DPO", "Data Privacy Framework").
 */
function patternsFor(item: Disclosure, languages: readonly CoveredLanguage[]): RegExp[] {
  const local = languages.flatMap((language) => item.concepts.flatMap((concept) => PHRASES_BY_LANGUAGE[language][concept] ?? []));
  return [...local, ...item.patterns];
}

/** The wordings to try: the detected language's, or every covered one when the text was too short to tell. */
function languagesToTry(detected: PolicyLanguage): readonly CoveredLanguage[] | null {
  if (detected.method === "undetermined") return COVERED_LANGUAGES;
  const covered = coveredLanguageOf(detected);
  return covered ? [covered] : null;
}

/**
 * Deterministic policy check: each required disclosure is present when one of its patterns
 * matches; the quote is the matching sentence, always an exact substring of the policy. A policy
 * in a language whose wording the analysis does not know is reported "not analysed", never
 * incomplete.
 */
export function analyzePrivacyPolicy(evidence: Evidence, framework: Framework): PrivacyPolicyAnalysis {
  const policy = evidence.privacy_policy;
  const required = disclosuresByFramework[framework];
  if (!policy || policy.error || !policy.text.trim() || (policy.status !== null && policy.status >= 400)) {
    return {
      method: "deterministic",
      url: policy?.url ?? null,
      analysed: false,
      reason: policy ? `The policy could not be read (${policy.error ?? `HTTP ${policy.status}`}).` : "No privacy policy was found.",
      disclosures: [],
      missing: [],
      coverage: 0,
      language: null,
      language_detection: null,
    };
  }
  const text = policy.text;
  const detected = detectPolicyLanguage(text, policy.html_lang);
  const languages = languagesToTry(detected);
  if (!languages) {
    return {
      method: "deterministic",
      url: policy.url,
      analysed: false,
      reason: `The policy is written in ${languageName(detected)} (${detected.language}), a language the deterministic analysis does not cover (${COVERED_LANGUAGES.join(", ")}); it was not analysed rather than judged by wording it cannot read.`,
      disclosures: [],
      missing: [],
      coverage: 0,
      language: detected.language,
      language_detection: detected,
    };
  }
  const disclosures = required.map((item) => {
    for (const pattern of patternsFor(item, languages)) {
      const match = new RegExp(pattern.source, pattern.flags.replace("g", "")).exec(text);
      if (match) return { id: item.id, label: item.label, citation: item.citation, present: true, quote: quoteAround(text, match.index, match[0].length) };
    }
    return { id: item.id, label: item.label, citation: item.citation, present: false, quote: null };
  });
  const missing = disclosures.filter((x) => !x.present).map((x) => x.id);
  const coverage = Math.round(((disclosures.length - missing.length) / disclosures.length) * 100);
  return {
    method: "deterministic",
    url: policy.url,
    analysed: true,
    reason: policy.truncated ? "The policy text was truncated; disclosures after the cut may be missed." : null,
    disclosures,
    missing,
    coverage,
    language: detected.language,
    language_detection: detected,
  };
}
