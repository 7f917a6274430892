import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { createSdkLogger } from "./sdk-logger";
import { REPAIR_INSTRUCTION, type ProviderAdapter, type ProviderAnswer, type ProviderSettings } from "./provider";

function parseContent(content: string | null, finishReason: string): ProviderAnswer {
  const raw = content ?? "";
  if (finishReason === "length") return { kind: "malformed", raw, problem: "the answer was cut off (max tokens)" };
  try {
    return { kind: "json", value: JSON.parse(raw) as unknown, raw };
  } catch {
    return { kind: "malformed", raw, problem: "the answer was not valid JSON" };
  }
}

/** OpenAI through Chat Completions with response_format json_schema (strict when the schema allows it). */
export function createOpenAIAdapter(settings: ProviderSettings): ProviderAdapter {
  const sdk = new OpenAI({
    apiKey: settings.apiKey,
    // Explicit nulls keep the SDK from reading OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY behind lib/env.ts.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    logger: createSdkLogger(settings.secrets),
    logLevel: "warn",
  });
  return {
    provider: "openai",
    model: settings.model,
    displayName: "OpenAI",
    async call(prompt, { signal, maxTokens, repair }) {
      const messages: ChatCompletionMessageParam[] = [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user },
      ];
      if (repair) {
        messages.push(
          { role: "assistant", content: repair.previous.raw || "(no answer)" },
          { role: "user", content: `${REPAIR_INSTRUCTION}\nProblem: ${repair.problem}` },
        );
      }
      const completion = await sdk.chat.completions.create(
        {
          model: settings.model,
          // max_completion_tokens, not max_tokens: reasoning models reject the older field.
          max_completion_tokens: maxTokens,
          messages,
          response_format: {
            type: "json_schema",
            json_schema: { name: prompt.schemaName, schema: prompt.schema, strict: prompt.strict },
          },
        },
        { signal },
      );
      const choice = completion.choices[0];
      const answer: ProviderAnswer =
        !choice ? { kind: "malformed", raw: "", problem: "no choices in the answer" }
        : choice.message.refusal ? { kind: "refused", raw: choice.message.refusal }
        : parseContent(choice.message.content, choice.finish_reason);
      return {
        answer,
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      };
    },
  };
}
