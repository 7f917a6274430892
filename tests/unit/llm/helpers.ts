import type { IncomingHttpHeaders } from "node:http";
import type { AgentContext } from "@/agents/types";
import type { LlmSettings } from "@/agents/settings";
import type { FakeServer } from "@/tests/support/fake-llm-servers";

export const CLAUDE_KEY = "canary-claude-test-key-0001";
export const OPENAI_KEY = "sk-test-openai-key-000000000002";

type Emitted = Parameters<AgentContext["emit"]>[0];

/** A context that records what the live console would show. */
export function recordingContext(signal: AbortSignal = new AbortController().signal) {
  const events: Emitted[] = [];
  return { events, ctx: { signal, emit: (e: Emitted) => void events.push(e) } };
}

/** The LLM settings createLlm takes, pointing the SDKs at the fake servers. */
export function fakeLlmSettings(servers: { anthropic?: FakeServer; openai?: FakeServer }, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    anthropicApiKey: undefined,
    openaiApiKey: undefined,
    // An unreachable port rather than the real API, should a test forget a server.
    anthropicBaseUrl: servers.anthropic?.baseURL ?? "http://127.0.0.1:9",
    openaiBaseUrl: servers.openai?.baseURL ?? "http://127.0.0.1:9/v1",
    claudeModel: "claude-test-model",
    openaiModel: "gpt-test-model",
    ...overrides,
  };
}

export function messages(events: Emitted[]): string[] {
  return events.map((e) => `${e.level} ${e.agent}: ${e.msg}`);
}

/** The key a request carried, whichever header the SDK version uses. */
export function sentKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers["x-api-key"];
  if (typeof apiKey === "string") return apiKey;
  return headers.authorization?.replace(/^Bearer /, "");
}
