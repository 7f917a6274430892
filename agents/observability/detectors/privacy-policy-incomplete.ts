import { buildEvidence } from "../evidence-helpers";
import type { Detector } from "../types";

/** The deterministic policy analysis found required disclosures missing. */
export const detectPrivacyPolicyIncomplete: Detector = (_evidence, ctx) => {
  const analysis = ctx.policyAnalysis;
  if (!analysis.analysed || analysis.missing.length === 0) return [];
  const missingLabels = analysis.disclosures.filter((d) => !d.present).map((d) => `${d.label} (${d.citation})`);
  return [
    {
      code: "PRIVACY_POLICY_INCOMPLETE",
      status: "violation-candidate",
      // Keyword matching can miss paraphrases, so it never claims high confidence.
      confidence: analysis.coverage < 50 ? "medium" : "low",
      pages: analysis.url ? [analysis.url] : [],
      summary: `The privacy policy covers ${analysis.coverage}% of the required disclosures; missing: ${missingLabels.join("; ")}.`,
      evidence: buildEvidence(ctx, { signals: { coverage: analysis.coverage, policy_url: analysis.url, policy_language: analysis.language }, notes: missingLabels }),
    },
  ];
};
