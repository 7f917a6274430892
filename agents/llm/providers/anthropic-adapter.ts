import Anthropic from "@anthropic-ai/sdk";
import type { ContentBlock, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { createSdkLogger } from "./sdk-logger";
import { REPAIR_INSTRUCTION, type ProviderAdapter, type ProviderAnswer, type ProviderSettings, type RepairTurn } from "./provider";

function answerFrom(content: ContentBlock[], toolName: string): ProviderAnswer {
  const tool = content.find((block) => block.type === "tool_use" && block.name === toolName);
  if (tool && tool.type === "tool_use") {
    return { kind: "json", value: tool.input, toolUseId: tool.id, raw: JSON.stringify(tool.input) };
  }
  const text = content.map((block) => (block.type === "text" ? block.text : "")).join("").trim();
  // Forced tool use should make this impossible; a text-only answer gets the repair turn.
  return { kind: "malformed", raw: text, problem: `no ${toolName} tool call in the answer` };
}

function repairMessages(repair: RepairTurn, toolName: string): MessageParam[] {
  const { previous, problem } = repair;
  const feedback = `${REPAIR_INSTRUCTION}\nProblem: ${problem}`;
  if (previous.kind !== "refused" && previous.toolUseId) {
    const input: unknown = previous.kind === "json" ? previous.value : {};
    return [
      { role: "assistant", content: [{ type: "tool_use", id: previous.toolUseId, name: toolName, input }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: previous.toolUseId, is_error: true, content: feedback }] },
    ];
  }
  return [
    { role: "assistant", content: previous.raw || "(no answer)" },
    { role: "user", content: feedback },
  ];
}

/** Claude through the Messages API: one tool whose input_schema is the answer schema, and tool_choice forcing it. */
export function createAnthropicAdapter(settings: ProviderSettings): ProviderAdapter {
  const sdk = new Anthropic({
    apiKey: settings.apiKey,
    authToken: null,
    webhookKey: null,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    logger: createSdkLogger(settings.secrets),
    logLevel: "warn",
    openTelemetry: false,
  });
  return {
    provider: "anthropic",
    model: settings.model,
    displayName: "Claude",
    async call(prompt, { signal, maxTokens, repair }) {
      const tool: Tool = {
        name: prompt.schemaName,
        description: "Record your answer. This is the only way to answer.",
        input_schema: { ...prompt.schema, type: "object" },
      };
      const messages: MessageParam[] = [{ role: "user", content: prompt.user }];
      if (repair) messages.push(...repairMessages(repair, prompt.schemaName));
      const message = await sdk.messages.create(
        {
          model: settings.model,
          max_tokens: maxTokens,
          system: prompt.system,
          messages,
          tools: [tool],
          tool_choice: { type: "tool", name: prompt.schemaName },
        },
        { signal },
      );
      const usage = message.usage;
      return {
        answer: answerFrom(message.content, prompt.schemaName),
        inputTokens: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
        outputTokens: usage.output_tokens,
      };
    },
  };
}
