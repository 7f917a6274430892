import { getEnv, type Env } from "@/lib/env";
import { DEFAULT_BUDGET } from "./budget";
import { createLlmClient } from "./llm-client";
import { createAnthropicAdapter } from "./providers/anthropic-adapter";
import { createOpenAIAdapter } from "./providers/openai-adapter";
import type { ProviderAdapter } from "./providers/provider";
import type { LlmBudget, LlmClient, LlmContext, LlmDisabledReason } from "./types";

export type LlmEnv = Pick<
  Env,
  "ANTHROPIC_API_KEY" | "OPENAI_API_KEY" | "ANTHROPIC_BASE_URL" | "OPENAI_BASE_URL" | "APO_CLAUDE_MODEL" | "APO_OPENAI_MODEL"
>;

export interface CreateLlmOptions {
  /** The scan request's key; wins over the server's ANTHROPIC_API_KEY. Used for this client only. */
  claudeKey?: string;
  /** The scan request's key; wins over the server's OPENAI_API_KEY. */
  openaiKey?: string;
  ctx?: LlmContext;
  budget?: LlmBudget;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/connection errors, honouring retry-after. */
  maxRetries?: number;
  /** Cap on one provider call including retries; defaults to two attempts' worth. */
  deadlineMs?: number;
  /** Defaults to getEnv(); tests pass their own. */
  env?: LlmEnv;
}

export const DEFAULT_TIMEOUT_MS = 45_000;
export const DEFAULT_MAX_RETRIES = 2;

function clean(key: string | undefined): string | undefined {
  const trimmed = key?.trim();
  return trimmed ? trimmed : undefined;
}

function pickKey(requestKey: string | undefined, serverKey: string | undefined): { key: string; from: "scan" | "server" } | null {
  const fromRequest = clean(requestKey);
  if (fromRequest) return { key: fromRequest, from: "scan" };
  const fromServer = clean(serverKey);
  return fromServer ? { key: fromServer, from: "server" } : null;
}

/**
 * One scan's model access: Claude first, OpenAI as fallback. Null when there is no key at all,
 * so callers keep their deterministic path without a branch per provider.
 */
export function createLlm(options: CreateLlmOptions): LlmClient | null {
  const env = options.env ?? getEnv();
  const claude = pickKey(options.claudeKey, env.ANTHROPIC_API_KEY);
  const openai = pickKey(options.openaiKey, env.OPENAI_API_KEY);
  if (!claude && !openai) return null;

  const secrets = [options.claudeKey, options.openaiKey, env.ANTHROPIC_API_KEY, env.OPENAI_API_KEY]
    .map(clean)
    .filter((k): k is string => k !== undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const adapters: ProviderAdapter[] = [];
  const disabled: LlmDisabledReason[] = [];
  const sources: string[] = [];

  if (claude) {
    const model = env.APO_CLAUDE_MODEL;
    adapters.push(
      createAnthropicAdapter({ apiKey: claude.key, baseURL: env.ANTHROPIC_BASE_URL ?? "https://api.anthropic.com", model, timeoutMs, maxRetries, secrets }),
    );
    sources.push(`Claude ${model} (${claude.from} key)`);
  } else disabled.push({ provider: "anthropic", reason: "no key" });

  if (openai) {
    const model = env.APO_OPENAI_MODEL;
    adapters.push(
      createOpenAIAdapter({ apiKey: openai.key, baseURL: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1", model, timeoutMs, maxRetries, secrets }),
    );
    sources.push(`OpenAI ${model} (${openai.from} key)`);
  } else disabled.push({ provider: "openai", reason: "no key" });

  options.ctx?.emit({ agent: "system", level: "INFO", msg: `LLM assistance on: ${sources.join(", then ")}` });
  return createLlmClient({
    adapters,
    disabled,
    ctx: options.ctx,
    budget: options.budget ?? DEFAULT_BUDGET,
    deadlineMs: options.deadlineMs ?? timeoutMs * 2 + 1_000,
    secrets,
  });
}
