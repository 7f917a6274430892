import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLlm } from "@/agents/llm";
import {
  anthropicError,
  anthropicText,
  anthropicToolUse,
  openaiContent,
  openaiError,
  openaiJson,
  script,
  startFakeAnthropic,
  startFakeOpenAI,
  type FakeServer,
} from "@/tests/support/fake-llm-servers";
import { CLAUDE_KEY, fakeLlmSettings, messages, OPENAI_KEY, recordingContext } from "./helpers";

const Answer = z.object({ count: z.number(), label: z.string() });
const request = {
  agent: "discovery" as const,
  purpose: "count things",
  system: "Count the things.",
  untrusted: [{ label: "page", content: "one two three" }],
  schema: Answer,
  schemaName: "record_count",
};
const good = { count: 3, label: "three" };

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function both(anthropicHandler: Parameters<typeof startFakeAnthropic>[0], openaiHandler: Parameters<typeof startFakeOpenAI>[0]) {
  const anthropic = await startFakeAnthropic(anthropicHandler);
  const openai = await startFakeOpenAI(openaiHandler);
  servers.push(anthropic, openai);
  return { anthropic, openai };
}

describe("malformed answers", () => {
  it("gives Claude one repair turn (tool_result with is_error) and accepts the corrected answer", async () => {
    const { anthropic, openai } = await both(
      script(anthropicToolUse("record_count", { count: "three" }), anthropicToolUse("record_count", good)),
      script(openaiJson(good)),
    );
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, settings: fakeLlmSettings({ anthropic, openai }) });

    const result = await llm?.structured(request);

    expect(result).toMatchObject({ value: good, provider: "anthropic" });
    expect(anthropic.requests).toHaveLength(2);
    expect(openai.requests).toHaveLength(0);
    const repair = (anthropic.requests[1]?.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(repair.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(repair[2]?.content)).toMatch(/"type":"tool_result".*"is_error":true.*schema mismatch/);
    expect(llm?.usage()[0]).toMatchObject({ calls: 2, failures: 0 });
  });

  it("falls back to OpenAI when Claude is wrong twice, then repairs OpenAI's invalid JSON", async () => {
    const { anthropic, openai } = await both(
      script(anthropicText("I think there are three.")),
      script(openaiContent("{\"count\": 3, \"label\": "), openaiJson(good)),
    );
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ anthropic, openai }) });

    const result = await llm?.structured(request);

    expect(result).toEqual({ value: good, provider: "openai", model: "gpt-test-model" });
    expect(anthropic.requests).toHaveLength(2);
    expect(openai.requests).toHaveLength(2);
    const repair = (openai.requests[1]?.body as { messages: { role: string; content: string }[] }).messages;
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[3]?.content).toMatch(/not valid JSON/);
    expect(llm?.usage()).toEqual([
      expect.objectContaining({ provider: "anthropic", calls: 2, failures: 1 }),
      expect.objectContaining({ provider: "openai", calls: 2, failures: 0 }),
    ]);
    expect(messages(events).some((m) => m.startsWith("WARNING discovery: Claude failed"))).toBe(true);
  });

  it("returns null (the deterministic path) when neither provider gives a valid answer", async () => {
    const { anthropic, openai } = await both(script(anthropicToolUse("record_count", { wrong: true })), script(openaiContent("not json")));
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ anthropic, openai }) });

    await expect(llm?.structured(request)).resolves.toBeNull();
    expect(messages(events).at(-1)).toBe("WARNING discovery: No model answered (count things); using the deterministic result");
  });
});

describe("HTTP failures", () => {
  it("401: warns 'Claude rejected the key; continuing without it', disables Claude for the scan, uses OpenAI", async () => {
    const { anthropic, openai } = await both(
      script(anthropicError(401, "authentication_error", "invalid x-api-key")),
      script(openaiJson(good)),
    );
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ anthropic, openai }) });

    expect(await llm?.structured(request)).toMatchObject({ provider: "openai", value: good });
    expect(await llm?.structured(request)).toMatchObject({ provider: "openai", value: good });

    expect(anthropic.requests).toHaveLength(1); // 401 is not retried, and not asked again
    expect(messages(events)).toContain("WARNING discovery: Claude rejected the key; continuing without it");
    expect(llm?.disabledReasons).toEqual([{ provider: "anthropic", reason: "key rejected (HTTP 401)" }]);
  });

  it("401 from OpenAI gets the same treatment", async () => {
    const openai = await startFakeOpenAI(script(openaiError(401, "Incorrect API key provided", "invalid_api_key")));
    servers.push(openai);
    const { events, ctx } = recordingContext();
    const llm = createLlm({ openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ openai }) });
    expect(await llm?.structured(request)).toBeNull();
    expect(messages(events)).toContain("WARNING discovery: OpenAI rejected the key; continuing without it");
  });

  it("429 with retry-after: 1 — the Anthropic SDK waits about a second, retries, and succeeds", async () => {
    const anthropic = await startFakeAnthropic(
      script(anthropicError(429, "rate_limit_error", "slow down", { "retry-after": "1" }), anthropicToolUse("record_count", good)),
    );
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, settings: fakeLlmSettings({ anthropic }) });

    expect(await llm?.structured(request)).toMatchObject({ provider: "anthropic", value: good });
    const [first, second] = anthropic.requests;
    const waited = (second?.at ?? 0) - (first?.at ?? 0);
    // The SDK's own backoff for a first retry is 375–500 ms; ~1 s means retry-after was honoured.
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3000);
    expect(second?.headers["x-stainless-retry-count"]).toBe("1");
    expect(llm?.usage()[0]).toMatchObject({ calls: 1, failures: 0 });
  });

  it("429 with retry-after: 1 — the OpenAI SDK honours it too", async () => {
    const openai = await startFakeOpenAI(script(openaiError(429, "Rate limit reached", "rate_limit_exceeded", { "retry-after": "1" }), openaiJson(good)));
    servers.push(openai);
    const llm = createLlm({ openaiKey: OPENAI_KEY, settings: fakeLlmSettings({ openai }) });

    expect(await llm?.structured(request)).toMatchObject({ provider: "openai", value: good });
    const waited = (openai.requests[1]?.at ?? 0) - (openai.requests[0]?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3000);
  });

  it("500: the SDK retries (maxRetries 2), then the client falls back to OpenAI", async () => {
    const { anthropic, openai } = await both(script(anthropicError(500, "api_error", "internal error")), script(openaiJson(good)));
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ anthropic, openai }) });

    expect(await llm?.structured(request)).toMatchObject({ provider: "openai", value: good });
    expect(anthropic.requests).toHaveLength(3);
    expect(messages(events)).toContain("WARNING discovery: Claude failed (HTTP 500 (server error) after retries)");
    // A server error may be transient: Claude stays enabled for the next task.
    expect(llm?.disabledReasons).toEqual([]);
  });

  it("a hang past the timeout: gives up within the deadline, falls back, and stops asking the hung provider", async () => {
    const { anthropic, openai } = await both(() => ({ hang: true }), script(openaiJson(good)));
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, timeoutMs: 1500, settings: fakeLlmSettings({ anthropic, openai }) });

    const started = Date.now();
    const result = await llm?.structured(request);
    const elapsed = Date.now() - started;

    expect(result).toMatchObject({ provider: "openai", value: good });
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(6500); // deadline = 2 × timeout + 1 s = 4 s, plus slack for a loaded machine
    expect(messages(events).some((m) => /WARNING discovery: Claude is unavailable \(.*(timed out|no answer within).*\); not asking it again/.test(m))).toBe(true);
    expect(llm?.disabledReasons[0]?.provider).toBe("anthropic");

    const before = anthropic.requests.length;
    expect(await llm?.structured(request)).toMatchObject({ provider: "openai" });
    expect(anthropic.requests).toHaveLength(before);
  }, 15_000);
});

describe("budget and cancellation", () => {
  it("stops calling models once the per-scan call budget is spent, and says so once", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("record_count", good, { input: 100, output: 20 })));
    servers.push(anthropic);
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, ctx, budget: { maxCalls: 2, maxTokens: 100_000 }, settings: fakeLlmSettings({ anthropic }) });

    expect(await llm?.structured(request)).not.toBeNull();
    expect(await llm?.structured(request)).not.toBeNull();
    expect(await llm?.structured(request)).toBeNull();
    expect(await llm?.structured(request)).toBeNull();

    expect(anthropic.requests).toHaveLength(2);
    expect(llm?.budget()).toEqual({ max_calls: 2, max_tokens: 100_000, calls_used: 2, tokens_used: 240 });
    expect(messages(events).filter((m) => m.includes("budget"))).toHaveLength(1);
    expect(llm?.disabledReasons).toEqual([
      { provider: "openai", reason: "no key" },
      { provider: "anthropic", reason: "per-scan LLM budget used up" },
    ]);
  });

  it("stops when the token budget cannot fit the prompt", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("record_count", good)));
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, budget: { maxCalls: 10, maxTokens: 500 }, settings: fakeLlmSettings({ anthropic }) });
    expect(await llm?.structured({ ...request, untrusted: [{ label: "page", content: "x".repeat(4000) }] })).toBeNull();
    expect(anthropic.requests).toHaveLength(0);
  });

  it("a cancelled scan aborts the request and does not fall back", async () => {
    const { anthropic, openai } = await both(() => ({ hang: true }), script(openaiJson(good)));
    const controller = new AbortController();
    const { ctx } = recordingContext(controller.signal);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, openaiKey: OPENAI_KEY, ctx, settings: fakeLlmSettings({ anthropic, openai }) });

    setTimeout(() => controller.abort(), 200);
    expect(await llm?.structured(request)).toBeNull();
    expect(openai.requests).toHaveLength(0);
  });
});
