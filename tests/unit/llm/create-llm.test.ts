import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createLlm, llmReportMetadata } from "@/agents/llm";
import { getEnv, parseEnv, resetEnvCache } from "@/lib/env";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import { anthropicToolUse, openaiJson, script, startFakeAnthropic, startFakeOpenAI, type FakeServer } from "@/tests/support/fake-llm-servers";
import { CLAUDE_KEY, fakeLlmSettings, messages, recordingContext, sentKey } from "./helpers";

const probe = { agent: "discovery" as const, purpose: "probe", system: "s", untrusted: [], schema: z.object({ ok: z.boolean() }), schemaName: "probe" };

let servers: FakeServer[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  resetEnvCache();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe("createLlm", () => {
  it("is null when neither the request nor the server has a key (blank keys count as none)", () => {
    expect(createLlm({ settings: fakeLlmSettings({}) })).toBeNull();
    expect(createLlm({ claudeKey: "  ", openaiKey: "", settings: fakeLlmSettings({}) })).toBeNull();
    expect(llmReportMetadata(null)).toMatchObject({ enabled: false, providers: [] });
  });

  it("prefers the request's key per provider and falls back to the server's", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("probe", { ok: true })));
    const openai = await startFakeOpenAI(script(openaiJson({ ok: true })));
    servers.push(anthropic, openai);
    const { events, ctx } = recordingContext();
    const settings = fakeLlmSettings({ anthropic, openai }, { anthropicApiKey: "server-claude-key-123", openaiApiKey: "server-openai-key-456" });

    const llm = createLlm({ claudeKey: CLAUDE_KEY, ctx, settings });
    await llm?.structured(probe);
    expect(sentKey(anthropic.requests[0]?.headers ?? {})).toBe(CLAUDE_KEY);
    expect(messages(events)[0]).toBe("INFO system: LLM assistance on: Claude claude-test-model (scan key), then OpenAI gpt-test-model (server key)");

    const serverOnly = createLlm({ settings });
    await serverOnly?.structured(probe);
    expect(sentKey(anthropic.requests[1]?.headers ?? {})).toBe("server-claude-key-123");
  });

  it("takes keys, base URLs and models from the settings lib/scans/engine/engine-settings.ts reads from the environment (ANTHROPIC_BASE_URL / OPENAI_BASE_URL honoured)", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("probe", { ok: true })));
    const openai = await startFakeOpenAI(script(openaiJson({ ok: true })));
    servers.push(anthropic, openai);
    vi.stubEnv("ANTHROPIC_BASE_URL", anthropic.baseURL);
    vi.stubEnv("OPENAI_BASE_URL", openai.baseURL);
    vi.stubEnv("OPENAI_API_KEY", "env-openai-key-789");
    vi.stubEnv("ANTHROPIC_API_KEY", "");
    vi.stubEnv("APO_OPENAI_MODEL", "gpt-from-env");
    resetEnvCache();

    const llm = createLlm({ settings: engineSettingsFromEnv(getEnv(), { withLlmKeys: true }).llm });
    const result = await llm?.structured(probe);

    expect(result).toEqual({ value: { ok: true }, provider: "openai", model: "gpt-from-env" });
    expect(sentKey(openai.requests[0]?.headers ?? {})).toBe("env-openai-key-789");
    expect((openai.requests[0]?.body as { model: string }).model).toBe("gpt-from-env");
  });

  it("has no server key unless the settings give one, and the service's settings never do", () => {
    expect(createLlm({})).toBeNull();
    const env = parseEnv({ ANTHROPIC_API_KEY: "server-claude-key-123", OPENAI_API_KEY: "server-openai-key-456" });
    const service = engineSettingsFromEnv(env).llm;
    expect([service.anthropicApiKey, service.openaiApiKey]).toEqual([undefined, undefined]);
    expect(engineSettingsFromEnv(env, { withLlmKeys: true }).llm).toMatchObject({ anthropicApiKey: "server-claude-key-123", openaiApiKey: "server-openai-key-456" });
  });

  it("defaults to current models", () => {
    const env = parseEnv({});
    expect(env.APO_CLAUDE_MODEL).toBe("claude-sonnet-5-5");
    expect(env.APO_OPENAI_MODEL).toBe("gpt-5.4-mini");
  });
});
