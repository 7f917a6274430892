import type { PolicyLlmAnalysis } from "./analyze-policy";
import type { LlmProvider } from "./types";

/** The deterministic analyser's result per disclosure (DisclosureResultSchema in lib/schemas/report.ts). */
export interface DeterministicDisclosure {
  id: string;
  label: string;
  citation: string;
  present: boolean;
  quote: string | null;
}

export interface ModelEvidence {
  quote: string;
  provider: LlmProvider;
  model: string;
  model_written: true;
}

export interface MergedDisclosure extends DeterministicDisclosure {
  /** Who found the disclosure: the detector, or only the model (then `present` stays false). */
  found_by: "detector" | "model" | null;
  /** A verified passage the model points to where the detector found nothing; for a human to review. */
  model_evidence: ModelEvidence | null;
}

export interface MergedPolicyAnalysis {
  disclosures: MergedDisclosure[];
  /** Detector-absent disclosures for which the model supplied a verified quote. */
  model_added: number;
  dropped_unverified_quotes: number;
  llm: { provider: LlmProvider; model: string } | null;
}

/**
 * The detector decides; the model may only add evidence. `present` (and so every verdict built on
 * it) is always the deterministic analyser's: a model claim never flips present→absent, and a
 * verified model quote for an absent disclosure is attached as model-found evidence, not as a pass.
 */
export function mergePolicyAnalysis(
  deterministic: readonly DeterministicDisclosure[],
  llm: PolicyLlmAnalysis | null,
): MergedPolicyAnalysis {
  const claims = new Map((llm?.claims ?? []).map((c) => [c.id, c]));
  let added = 0;
  const disclosures = deterministic.map((d): MergedDisclosure => {
    if (d.present) return { ...d, found_by: "detector", model_evidence: null };
    const claim = claims.get(d.id);
    if (!llm || !claim?.present || !claim.quote) return { ...d, found_by: null, model_evidence: null };
    added += 1;
    return {
      ...d,
      found_by: "model",
      model_evidence: { quote: claim.quote, provider: llm.provider, model: llm.model, model_written: true },
    };
  });
  return {
    disclosures,
    model_added: added,
    dropped_unverified_quotes: llm?.dropped_unverified_quotes ?? 0,
    llm: llm ? { provider: llm.provider, model: llm.model } : null,
  };
}
