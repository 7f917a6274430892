import { afterEach, describe, expect, it } from "vitest";
import { analyzePolicyWithLlm, createLlm, llmReportMetadata, mergePolicyAnalysis, type PolicyLlmAnalysis } from "@/agents/llm";
import { anthropicToolUse, openaiJson, script, startFakeAnthropic, startFakeOpenAI, type FakeServer } from "@/tests/support/fake-llm-servers";
import { deterministicResult, GDPR_DISCLOSURES, POLICY_TEXT } from "./fixtures";
import { CLAUDE_KEY, fakeLlmSettings, OPENAI_KEY } from "./helpers";

/** What the model's answer becomes once its quotes are checked against the policy text. */
const MODEL_ANALYSIS: PolicyLlmAnalysis = {
  claims: [
    { id: "retention", present: true, quote: "We keep customer   records for\n  three years after your last purchase" },
    { id: "controller_contact", present: false, quote: null },
  ],
  dropped_unverified_quotes: 3,
  provider: "anthropic",
  model: "claude-test-model",
};

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const modelClaims = {
  claims: [
    // Retyped with different spacing and case: verified, returned as it stands in the policy.
    { id: "retention", present: true, quote: "we keep customer records for three years after your last purchase" },
    // Invented: not in the policy.
    { id: "rights", present: true, quote: "You have the right to access, rectify and erase your personal data." },
    // Paraphrase: not verbatim, dropped.
    { id: "complaint", present: true, quote: "You may complain to the CNIL about how we use your data." },
    // Too short to prove anything.
    { id: "transfers", present: true, quote: "We" },
    // Disagrees with the detector: must not flip it.
    { id: "controller_contact", present: false, quote: "" },
    // An id nobody asked about.
    { id: "dpo_contact", present: true, quote: "Example Shop SAS, 1 rue de la Paix, Paris, is the controller." },
  ],
};

describe("analyzePolicyWithLlm", () => {
  it("keeps verified quotes, drops and counts invented, paraphrased and too-short ones", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("record_policy_disclosures", modelClaims)));
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, settings: fakeLlmSettings({ anthropic }) });
    if (!llm) throw new Error("no client");

    const result = await analyzePolicyWithLlm(llm, { framework: "GDPR", policyText: POLICY_TEXT, disclosures: GDPR_DISCLOSURES });

    expect(result).toEqual(MODEL_ANALYSIS);
    const body = anthropic.requests[0]?.body as { system: string; messages: { content: string }[] };
    expect(body.system).toContain("GDPR Art. 13(2)(a)");
    expect(body.messages[0]?.content).toContain('<untrusted_document label="privacy_policy">');
  });

  it("works the same through OpenAI, and the counts reach report_metadata.llm", async () => {
    const openai = await startFakeOpenAI(script(openaiJson(modelClaims, { input: 800, output: 90 })));
    servers.push(openai);
    const llm = createLlm({ openaiKey: OPENAI_KEY, settings: fakeLlmSettings({ openai }) });
    if (!llm) throw new Error("no client");
    const result = await analyzePolicyWithLlm(llm, { framework: "GDPR", policyText: POLICY_TEXT, disclosures: GDPR_DISCLOSURES });
    expect(result?.dropped_unverified_quotes).toBe(3);
    expect(result?.provider).toBe("openai");

    const metadata = llmReportMetadata(llm, { policy: mergePolicyAnalysis(deterministicResult(), result) });
    expect(metadata).toMatchObject({
      enabled: true,
      providers: [{ provider: "openai", model: "gpt-test-model", calls: 1, input_tokens: 800, output_tokens: 90, failures: 0 }],
      disabled: [{ provider: "anthropic", reason: "no key" }],
      budget: { calls_used: 1, tokens_used: 890 },
      policy_quotes: { model_added: 1, dropped_unverified_quotes: 3 },
    });
  });

  it("returns null when no model answers, and without asking when there is nothing to analyse", async () => {
    const anthropic = await startFakeAnthropic(script(anthropicToolUse("record_policy_disclosures", { wrong: 1 })));
    servers.push(anthropic);
    const llm = createLlm({ claudeKey: CLAUDE_KEY, settings: fakeLlmSettings({ anthropic }) });
    if (!llm) throw new Error("no client");
    expect(await analyzePolicyWithLlm(llm, { framework: "GDPR", policyText: POLICY_TEXT, disclosures: GDPR_DISCLOSURES })).toBeNull();
    const calls = anthropic.requests.length;
    expect(await analyzePolicyWithLlm(llm, { framework: "GDPR", policyText: "  ", disclosures: GDPR_DISCLOSURES })).toBeNull();
    expect(anthropic.requests).toHaveLength(calls);
  });
});

describe("mergePolicyAnalysis", () => {
  const deterministic = deterministicResult();

  it("adds a verified model quote as model-found evidence without changing any verdict", () => {
    const merged = mergePolicyAnalysis(deterministic, MODEL_ANALYSIS);

    const byId = new Map(merged.disclosures.map((d) => [d.id, d]));
    expect(byId.get("controller_contact")).toMatchObject({ present: true, found_by: "detector", quote: deterministic[0]?.quote, model_evidence: null });
    expect(byId.get("retention")).toMatchObject({
      present: false,
      quote: null,
      found_by: "model",
      model_evidence: { quote: expect.stringContaining("three years"), provider: "anthropic", model: "claude-test-model", model_written: true },
    });
    expect(byId.get("rights")).toMatchObject({ present: false, found_by: null, model_evidence: null });
    expect(merged.disclosures.map((d) => d.present)).toEqual(deterministic.map((d) => d.present));
    expect(merged).toMatchObject({ model_added: 1, dropped_unverified_quotes: 3, llm: { provider: "anthropic" } });
  });

  it("is the deterministic result, annotated, when the model failed", () => {
    const merged = mergePolicyAnalysis(deterministic, null);
    expect(merged.disclosures.map(({ id, present, quote }) => ({ id, present, quote }))).toEqual(deterministic.map(({ id, present, quote }) => ({ id, present, quote })));
    expect(merged).toMatchObject({ model_added: 0, dropped_unverified_quotes: 0, llm: null });
  });
});
