import type { MergedPolicyAnalysis } from "./merge-policy-analysis";
import type { LlmClient, LlmDisabledReason, LlmUsage } from "./types";

export interface LlmReportMetadata {
  enabled: boolean;
  providers: LlmUsage[];
  disabled: LlmDisabledReason[];
  budget: { max_calls: number; max_tokens: number; calls_used: number; tokens_used: number } | null;
  policy_quotes: { model_added: number; dropped_unverified_quotes: number } | null;
  note: string;
}

/** What report_metadata.llm should hold: counts, models and reasons; never keys or prompts. */
export function llmReportMetadata(
  client: LlmClient | null,
  extras: { policy?: MergedPolicyAnalysis | null; reasonIfOff?: string } = {},
): LlmReportMetadata {
  const policy = extras.policy?.llm
    ? { model_added: extras.policy.model_added, dropped_unverified_quotes: extras.policy.dropped_unverified_quotes }
    : null;
  if (!client) {
    const note = extras.reasonIfOff ?? "LLM assistance not requested or no key available";
    return { enabled: false, providers: [], disabled: [], budget: null, policy_quotes: null, note };
  }
  return {
    enabled: true,
    providers: client.usage(),
    disabled: client.disabledReasons,
    budget: client.budget(),
    policy_quotes: policy,
    note: "Model-written text is marked with its provider and model. Verdicts, scores and fines are computed without models.",
  };
}
