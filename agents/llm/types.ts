import type { ZodType } from "zod";
import type { AgentContext } from "@/agents/types";

export type LlmProvider = "anthropic" | "openai";
export type LlmAgent = "discovery" | "observability";

/** A block of website-derived text. It reaches the model wrapped and labelled as data. */
export interface UntrustedBlock {
  label: string;
  content: string;
}

export interface StructuredRequest<T> {
  agent: LlmAgent;
  /** Shown in the live console: why this agent is asking a model. */
  purpose: string;
  /** Our instructions. Never contains website content. */
  system: string;
  untrusted: UntrustedBlock[];
  schema: ZodType<T>;
  /** Tool name (Claude) / response_format name (OpenAI): `^[a-zA-Z0-9_-]{1,64}$`. */
  schemaName: string;
  /** Output-token cap for this call; the budget may lower it. */
  maxOutputTokens?: number;
}

export interface StructuredResult<T> {
  value: T;
  provider: LlmProvider;
  model: string;
}

/** Per-provider counters for report_metadata.llm. Tokens and latency cover answered and failed calls. */
export interface LlmUsage {
  provider: LlmProvider;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  latency_ms_total: number;
  failures: number;
}

export interface LlmDisabledReason {
  provider: LlmProvider;
  reason: string;
}

export interface LlmBudget {
  maxCalls: number;
  maxTokens: number;
}

export interface LlmClient {
  /** Claude first, OpenAI second; null when neither gave a valid answer. Never throws for model failures. */
  structured<T>(req: StructuredRequest<T>): Promise<StructuredResult<T> | null>;
  usage(): LlmUsage[];
  /** Providers not used in this scan and why (no key, key rejected, budget). */
  readonly disabledReasons: LlmDisabledReason[];
  budget(): { max_calls: number; max_tokens: number; calls_used: number; tokens_used: number };
}

export type LlmContext = Pick<AgentContext, "emit" | "signal">;
