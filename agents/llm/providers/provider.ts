import type { JsonObject } from "../json-schema";
import type { LlmProvider } from "../types";

export interface ProviderPrompt {
  system: string;
  user: string;
  schemaName: string;
  schema: JsonObject;
  strict: boolean;
}

/** What the model said last time and why it was rejected, for the single repair turn. */
export interface RepairTurn {
  previous: ProviderAnswer;
  problem: string;
}

export type ProviderAnswer =
  | { kind: "json"; value: unknown; toolUseId?: string; raw: string }
  | { kind: "malformed"; raw: string; problem: string; toolUseId?: string }
  | { kind: "refused"; raw: string };

export interface ProviderReply {
  answer: ProviderAnswer;
  inputTokens: number;
  outputTokens: number;
}

/** One SDK behind a uniform call. Implementations throw the SDK's own errors; the client classifies them. */
export interface ProviderAdapter {
  readonly provider: LlmProvider;
  readonly model: string;
  /** "Claude" / "OpenAI", for console lines. */
  readonly displayName: string;
  call(prompt: ProviderPrompt, options: { signal: AbortSignal; maxTokens: number; repair?: RepairTurn }): Promise<ProviderReply>;
}

export interface ProviderSettings {
  apiKey: string;
  baseURL: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Every key this scan holds, so SDK log lines can be scrubbed. */
  secrets: readonly string[];
}

export const REPAIR_INSTRUCTION =
  "Your previous answer did not match the required schema. Answer again with the corrected structured output only.";
