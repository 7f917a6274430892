import { llmSettings, type LlmSettings } from "@/agents/settings";
import { DEFAULT_BUDGET } from "./budget";
import { createLlmClient } from "./llm-client";
import { createAnthropicAdapter } from "./providers/anthropic-adapter";
import { createOpenAIAdapter } from "./providers/openai-adapter";
import type { ProviderAdapter } from "./providers/provider";
import type { LlmBudget, LlmClient, LlmContext, LlmDisabledReason } from "./types";

export interface CreateLlmOptions {
  /** The scan request's key; wins over the server's (settings.anthropicApiKey). Used for this client only. */
  claudeKey?: string;
  /** The scan request's key; wins over the server's (settings.openaiApiKey). */
  openaiKey?: string;
  ctx?: LlmContext;
  budget?: LlmBudget;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/connection errors, honouring retry-after. */
  maxRetries?: number;
  /** Cap on one provider call including retries; defaults to two attempts' worth. */
  deadlineMs?: number;
  /** Models, base URLs and the server's keys; absent: default models, public APIs, no server keys. */
  settings?: Partial<LlmSettings>;
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
  const settings = llmSettings(options.settings);
  const claude = pickKey(options.claudeKey, settings.anthropicApiKey);
  const openai = pickKey(options.openaiKey, settings.openaiApiKey);
  if (!claude && !openai) return null;

  const secrets = [options.claudeKey, options.openaiKey, settings.anthropicApiKey, settings.openaiApiKey]
    .map(clean)
    .filter((k): k is string => k !== undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const adapters: ProviderAdapter[] = [];
  const disabled: LlmDisabledReason[] = [];
  const sources: string[] = [];

  if (claude) {
    const model = settings.claudeModel;
    adapters.push(
      createAnthropicAdapter({ apiKey: claude.key, baseURL: settings.anthropicBaseUrl ?? "https://api.anthropic.com", model, timeoutMs, maxRetries, secrets }),
    );
    sources.push(`Claude ${model} (${claude.from} key)`);
  } else disabled.push({ provider: "anthropic", reason: "no key" });

  if (openai) {
    const model = settings.openaiModel;
    adapters.push(
      createOpenAIAdapter({ apiKey: openai.key, baseURL: settings.openaiBaseUrl ?? "https://api.openai.com/v1", model, timeoutMs, maxRetries, secrets }),
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
