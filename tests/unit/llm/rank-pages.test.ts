import { afterEach, describe, expect, it } from "vitest";
import { createLlm, rankPagesWithLlm, type RankCandidate } from "@/agents/llm";
import { anthropicToolUse, openaiJson, script, startFakeAnthropic, startFakeOpenAI, type FakeServer } from "@/tests/support/fake-llm-servers";
import { CLAUDE_KEY, fakeLlmSettings, messages, OPENAI_KEY, recordingContext } from "./helpers";

const candidates: RankCandidate[] = [
  { url: "https://shop.example/", title: "Shop", deterministic_priority: 10, purpose: "home" },
  { url: "https://shop.example/legal", title: "Legal notices and data protection", deterministic_priority: 10, purpose: "other" },
  { url: "https://shop.example/newsletter", title: "Get 10% off", deterministic_priority: 80, purpose: "signup" },
  { url: "https://shop.example/blog", title: "Blog", deterministic_priority: 10, purpose: "content" },
  { url: "https://shop.example/contact", title: "Contact", deterministic_priority: 60, purpose: "contact" },
];

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe("rankPagesWithLlm", () => {
  it("puts model-ranked pages first by model priority, breaks ties deterministically, keeps the rest, drops unknown URLs", async () => {
    const anthropic = await startFakeAnthropic(
      script(
        anthropicToolUse("rank_pages", {
          pages: [
            { url: "https://shop.example/contact", purpose: "contact", priority: 70 },
            { url: "https://shop.example/legal", purpose: "privacy_policy", priority: 95 },
            { url: "https://elsewhere.example/x", purpose: "opt_out", priority: 100 },
            { url: "https://shop.example/newsletter", purpose: "signup", priority: 70 },
            { url: "https://shop.example/legal", purpose: "content", priority: 1 },
            { url: "https://shop.example/", purpose: "home", priority: 250 },
          ],
        }),
      ),
    );
    servers.push(anthropic);
    const { events, ctx } = recordingContext();
    const llm = createLlm({ claudeKey: CLAUDE_KEY, ctx, settings: fakeLlmSettings({ anthropic }) });
    if (!llm) throw new Error("no client");

    const ranked = await rankPagesWithLlm(llm, candidates);

    expect(ranked).toEqual([
      { url: "https://shop.example/", purpose: "home", priority: 100, ranked_by: "llm" },
      { url: "https://shop.example/legal", purpose: "privacy_policy", priority: 95, ranked_by: "llm" },
      { url: "https://shop.example/newsletter", purpose: "signup", priority: 70, ranked_by: "llm" },
      { url: "https://shop.example/contact", purpose: "contact", priority: 70, ranked_by: "llm" },
      { url: "https://shop.example/blog", purpose: "content", priority: 10, ranked_by: "deterministic" },
    ]);
    expect(messages(events)).toContain("INFO discovery: discovery asks Claude (claude-test-model) to rank 5 candidate pages and name their purpose");
    const user = (anthropic.requests[0]?.body as { messages: { content: string }[] }).messages[0]?.content ?? "";
    expect(user).toContain('<untrusted_document label="candidate_pages">');
  });

  it("falls back to OpenAI, and returns null (keep the deterministic order) when nothing usable comes back", async () => {
    const openai = await startFakeOpenAI(script(openaiJson({ pages: [] })));
    servers.push(openai);
    const llm = createLlm({ openaiKey: OPENAI_KEY, settings: fakeLlmSettings({ openai }) });
    if (!llm) throw new Error("no client");
    expect(await rankPagesWithLlm(llm, candidates)).toBeNull();
    expect(await rankPagesWithLlm(llm, [])).toBeNull();
    expect(openai.requests).toHaveLength(1);
  });
});
