export { createLlm, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type CreateLlmOptions } from "./create-llm";
export { DEFAULT_BUDGET } from "./budget";
export type {
  LlmAgent,
  LlmBudget,
  LlmClient,
  LlmContext,
  LlmDisabledReason,
  LlmProvider,
  LlmUsage,
  StructuredRequest,
  StructuredResult,
  UntrustedBlock,
} from "./types";
export { findQuote, type QuoteMatch } from "./find-quote";
export { rankPagesWithLlm, PAGE_PURPOSES, type RankCandidate, type RankedPage } from "./rank-pages";
export {
  analyzePolicyWithLlm,
  MIN_QUOTE_CHARS,
  type PolicyClaim,
  type PolicyLlmAnalysis,
  type RequiredDisclosure,
} from "./analyze-policy";
export {
  mergePolicyAnalysis,
  type DeterministicDisclosure,
  type MergedDisclosure,
  type MergedPolicyAnalysis,
  type ModelEvidence,
} from "./merge-policy-analysis";
export {
  explainViolationsWithLlm,
  type ExplanationResult,
  type ViolationExplanation,
  type ViolationToExplain,
} from "./explain-violations";
export { llmReportMetadata, type LlmReportMetadata } from "./report-metadata";
export { redactSecrets } from "./redact";
