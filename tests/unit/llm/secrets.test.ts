import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { analyzePolicyWithLlm, createLlm, explainViolationsWithLlm, llmReportMetadata, rankPagesWithLlm } from "@/agents/llm";
import {
  anthropicError,
  openaiError,
  openaiJson,
  startFakeAnthropic,
  startFakeOpenAI,
  type FakeServer,
} from "@/tests/support/fake-llm-servers";
import { GDPR_DISCLOSURES, POLICY_TEXT } from "./fixtures";
import { fakeLlmSettings, recordingContext, sentKey } from "./helpers";

// Shapes that the generic key patterns in redact.ts would NOT catch, so only exact-key scrubbing can pass.
const CANARY_CLAUDE = "canary-claude-7f3a9c1e5b";
const CANARY_OPENAI = "canary-openai-2d8e6b4a0f";
const CANARY_SERVER = "canary-server-9b1c7e3d5a";

let servers: FakeServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe("API keys", () => {
  it("never appear in events, console output, usage, metadata, results or errors, even when the API echoes them", async () => {
    const consoleLines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(" ")));
    }
    // An SDK debug level set in the environment must not switch on request logging.
    vi.stubEnv("ANTHROPIC_LOG", "debug");
    vi.stubEnv("OPENAI_LOG", "debug");

    // Claude: rejects the key and echoes it, as real APIs partly do. OpenAI: a 500 that echoes it, then answers.
    const anthropic = await startFakeAnthropic((req) =>
      anthropicError(401, "authentication_error", `invalid x-api-key ${sentKey(req.headers) ?? ""}`, { "x-echo": sentKey(req.headers) ?? "" }),
    );
    let openaiCalls = 0;
    const openai = await startFakeOpenAI((req) => {
      openaiCalls += 1;
      // A 400's message reaches the console line, so it must be scrubbed there.
      if (openaiCalls === 1) return openaiError(400, `bad request from key ${sentKey(req.headers) ?? ""}`);
      if (openaiCalls <= 4) return openaiError(500, `upstream failed for key ${sentKey(req.headers) ?? ""}`, null, { "x-echo": sentKey(req.headers) ?? "" });
      const body = JSON.stringify(req.body);
      if (body.includes("rank_pages")) return openaiJson({ pages: [{ url: "https://shop.example/", purpose: "home", priority: 50 }] });
      if (body.includes("record_policy_disclosures")) return openaiJson({ claims: [{ id: "retention", present: true, quote: `key ${CANARY_OPENAI}` }] });
      return openaiJson({ explanations: [{ id: "v1", llm_explanation: "A. B.", llm_technical_fix: "Fix." }], executive_summary: "Summary." });
    });
    servers.push(anthropic, openai);
    const { events, ctx } = recordingContext();
    const llm = createLlm({
      claudeKey: CANARY_CLAUDE,
      openaiKey: CANARY_OPENAI,
      ctx,
      settings: fakeLlmSettings({ anthropic, openai }, { anthropicApiKey: CANARY_SERVER }),
    });
    if (!llm) throw new Error("no client");

    const results: unknown[] = [];
    const errors: unknown[] = [];
    const run = async (p: Promise<unknown>) => p.then((r) => results.push(r), (e: unknown) => errors.push(e));
    await run(llm.structured({ agent: "discovery", purpose: "probe", system: "s", untrusted: [], schema: z.object({ a: z.string() }), schemaName: "probe" }));
    await run(rankPagesWithLlm(llm, [{ url: "https://shop.example/", title: "Home", deterministic_priority: 10, purpose: "home" }]));
    await run(analyzePolicyWithLlm(llm, { framework: "GDPR", policyText: POLICY_TEXT, disclosures: GDPR_DISCLOSURES }));
    await run(
      explainViolationsWithLlm(
        llm,
        [{ id: "v1", violation_type: "TRACKING_BEFORE_CONSENT", rule_title: "t", citation: "c", evidence_summary: "e", trackers: [], cookies: [] }],
        { target_url: "https://shop.example" },
      ),
    );

    // The keys were really used, in headers only.
    expect(anthropic.requests.map((r) => sentKey(r.headers))).toContain(CANARY_CLAUDE);
    expect(openai.requests.map((r) => sentKey(r.headers))).toContain(CANARY_OPENAI);
    for (const r of [...anthropic.requests, ...openai.requests]) {
      expect(r.raw).not.toContain("canary-");
    }

    expect(errors).toEqual([]);
    const everything = JSON.stringify({
      events,
      consoleLines,
      results,
      usage: llm.usage(),
      disabled: llm.disabledReasons,
      metadata: llmReportMetadata(llm),
    });
    expect(everything).not.toContain(CANARY_CLAUDE);
    expect(everything).not.toContain(CANARY_OPENAI);
    expect(everything).not.toContain(CANARY_SERVER);
    expect(everything).toContain("Claude rejected the key; continuing without it");
    expect(everything).toContain("bad request from key [redacted]");
    expect(results.filter((r) => r !== null).length).toBeGreaterThan(0);
  }, 15_000);
});
