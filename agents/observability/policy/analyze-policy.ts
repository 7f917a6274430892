import type { Evidence } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { PrivacyPolicyAnalysis } from "@/lib/schemas/report";
import { disclosuresByFramework } from "./disclosures";

const MAX_QUOTE = 300;

/** The sentence around a match, as an exact substring of `text` (trimmed, at most MAX_QUOTE chars). */
export function quoteAround(text: string, index: number, length: number): string {
  const boundary = /[.!?\n]/;
  let start = index;
  while (start > 0 && !boundary.test(text[start - 1] ?? "")) start--;
  let end = index + length;
  while (end < text.length && !boundary.test(text[end] ?? "")) end++;
  if (end < text.length) end++;
  if (end - start > MAX_QUOTE) {
    start = Math.max(start, index - 100);
    end = Math.min(end, start + MAX_QUOTE);
  }
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return text.slice(start, end);
}

/**
 * Deterministic policy check: each required disclosure is present when one of its patterns
 * matches; the quote is the matching sentence, always an exact substring of the policy.
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
    };
  }
  const text = policy.text;
  const disclosures = required.map((item) => {
    for (const pattern of item.patterns) {
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
  };
}
