import { afterEach, describe, expect, it } from "vitest";
import { createLlm, explainViolationsWithLlm, type ViolationToExplain } from "@/agents/llm";
import { anthropicError, anthropicToolUse, openaiJson, script, startFakeAnthropic, startFakeOpenAI, type FakeServer } from "@/tests/support/fake-llm-servers";
import { CLAUDE_KEY, fakeLlmSettings, OPENAI_KEY } from "./helpers";

const violations: ViolationToExplain[] = [
  {
    id: "v1",
    violation_type: "TRACKING_BEFORE_CONSENT",
    rule_title: "Trackers before consent",
    citation: "ePD Art. 5(3); GDPR Art. 6(1)(a)",
    evidence_summary: "pre_consent: 14 requests to www.google-analytics.com; cookie _ga set 0.4 s after load",
    trackers: ["Google Analytics (www.google-analytics.com)"],
    cookies: ["_ga"],
  },
  {
    id: "v2",
    violation_type: "NO_REJECT_OPTION",
    rule_title: "No reject button on the first layer",
    citation: "GDPR Art. 7; EDPB TF type A",
    evidence_summary: "accept: 1 click; reject: 3 clicks",
    trackers: [],
    cookies: [],
  },
];
const summary = { target_url: "https://shop.example", framework: "GDPR", compliance_score: 42, violations_total: 2 };

const answer = {
  explanations: [
    {
      id: "v1",
      llm_explanation: "The site starts Google Analytics before you choose anything.\u0007 That means your visit is tracked without your consent.",
      llm_technical_fix: "Block the Google Analytics tag in the tag manager until consent; do not set _ga before opt-in.",
    },
    { id: "v2", llm_explanation: "Saying no takes three clicks. Saying yes takes one.", llm_technical_fix: "Add a Reject all button to the first banner layer." },
    { id: "v99", llm_explanation: "Invented.", llm_technical_fix: "Invented." },
  ],
  executive_summary: "The site tracks visitors before consent and makes refusing harder than accepting.",
};

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe("explainViolationsWithLlm", () => {
  it("returns explanations, fixes and a summary marked model-written, only for known violations", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("write_explanations", answer)));
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, settings: fakeLlmSettings({ anthropic }) });
    if (!llm) throw new Error("no client");

    const result = await explainViolationsWithLlm(llm, violations, summary);

    expect(result?.explanations.map((e) => e.id)).toEqual(["v1", "v2"]);
    expect(result?.explanations[0]).toEqual({
      id: "v1",
      llm_explanation: "The site starts Google Analytics before you choose anything. That means your visit is tracked without your consent.",
      llm_technical_fix: "Block the Google Analytics tag in the tag manager until consent; do not set _ga before opt-in.",
      provider: "anthropic",
      model: "claude-test-model",
      model_written: true,
    });
    expect(result).toMatchObject({ executive_summary: answer.executive_summary, provider: "anthropic", model: "claude-test-model", model_written: true });
    const user = (anthropic.requests[0]?.body as { messages: { content: string }[] }).messages[0]?.content ?? "";
    expect(user).toContain('<untrusted_document label="violations">');
    expect(user).toContain('<untrusted_document label="report_summary">');
    expect(user).toContain("_ga");
  });

  it("batches many violations; the first call writes the summary", async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ...violations[0], id: `v${i + 1}` }) as ViolationToExplain);
    const openai = await startFakeOpenAI((req) => {
      const content = (req.body as { messages: { content: string }[] }).messages[1]?.content ?? "";
      const ids = [...content.matchAll(/"id": "(v\d+)"/g)].map((m) => m[1] ?? "");
      const explanations = ids.map((id) => ({ id, llm_explanation: `Explained ${id}. Second sentence.`, llm_technical_fix: "Gate the tag." }));
      return openaiJson(content.includes("report_summary") ? { explanations, executive_summary: "Summary." } : { explanations });
    });
    servers.push(openai);
    const llm = createLlm({ openaiKey: OPENAI_KEY, settings: fakeLlmSettings({ openai }) });
    if (!llm) throw new Error("no client");

    const result = await explainViolationsWithLlm(llm, many, summary);

    expect(openai.requests).toHaveLength(2);
    expect(result?.explanations).toHaveLength(14);
    expect(result?.executive_summary).toBe("Summary.");
  });

  it("returns null when no model answers, so reports keep llm_* fields null", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicError(400, "invalid_request_error", "bad request")));
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, settings: fakeLlmSettings({ anthropic }) });
    if (!llm) throw new Error("no client");
    expect(await explainViolationsWithLlm(llm, violations, summary)).toBeNull();
  });
});
