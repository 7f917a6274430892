import type { ZodType } from "zod";
import { ScanBudget } from "./budget";
import { classifyError, type Failure } from "./classify-error";
import { toProviderSchema } from "./json-schema";
import type { ProviderAdapter, ProviderAnswer, ProviderPrompt, ProviderReply, RepairTurn } from "./providers/provider";
import { redactSecrets } from "./redact";
import type {
  LlmAgent,
  LlmBudget,
  LlmClient,
  LlmContext,
  LlmDisabledReason,
  LlmUsage,
  StructuredRequest,
  StructuredResult,
} from "./types";
import { buildUserMessage, UNTRUSTED_DATA_RULES } from "./untrusted";

interface ProviderState {
  adapter: ProviderAdapter;
  usage: LlmUsage;
  disabled: string | null;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export interface LlmClientOptions {
  adapters: ProviderAdapter[];
  disabled: LlmDisabledReason[];
  ctx?: LlmContext;
  budget: LlmBudget;
  /** Wall-clock cap on one provider call including the SDK's own retries and retry-after waits. */
  deadlineMs: number;
  secrets: readonly string[];
}

// Generous because reasoning models count hidden reasoning against this cap.
const DEFAULT_MAX_OUTPUT_TOKENS = 8192;

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ")
    .slice(0, 400);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Orchestrates providers in order with fallback, budget, deadlines and console lines. */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const budget = new ScanBudget(options.budget);
  const disabled = [...options.disabled];
  const states: ProviderState[] = options.adapters.map((adapter) => ({
    adapter,
    disabled: null,
    usage: { provider: adapter.provider, model: adapter.model, calls: 0, input_tokens: 0, output_tokens: 0, latency_ms_total: 0, failures: 0 },
  }));
  let budgetAnnounced = false;

  const say = (agent: LlmAgent, level: "INFO" | "WARNING" | "SUCCESS", msg: string) => {
    options.ctx?.emit({ agent, level, msg: redactSecrets(msg, options.secrets) });
  };

  const disable = (state: ProviderState, reason: string) => {
    state.disabled = reason;
    disabled.push({ provider: state.adapter.provider, reason });
  };

  const validate = <T>(schema: ZodType<T>, answer: ProviderAnswer): { value: T } | { problem: string } => {
    if (answer.kind === "malformed") return { problem: answer.problem };
    if (answer.kind === "refused") return { problem: "the model refused" };
    const parsed = schema.safeParse(answer.value);
    return parsed.success ? { value: parsed.data } : { problem: `schema mismatch: ${describeIssues(parsed.error)}` };
  };

  type CallOutcome = { ok: true; reply: ProviderReply; ms: number } | { ok: false; failure: Failure };

  async function callOnce(state: ProviderState, prompt: ProviderPrompt, maxTokens: number, repair?: RepairTurn): Promise<CallOutcome> {
    const parent = options.ctx?.signal;
    const deadline = AbortSignal.timeout(options.deadlineMs);
    const signal = parent ? AbortSignal.any([parent, deadline]) : deadline;
    const started = performance.now();
    state.usage.calls += 1;
    try {
      const reply = await state.adapter.call(prompt, { signal, maxTokens, repair });
      state.usage.input_tokens += reply.inputTokens;
      state.usage.output_tokens += reply.outputTokens;
      budget.spend(reply.inputTokens + reply.outputTokens);
      return { ok: true, reply, ms: performance.now() - started };
    } catch (error) {
      const failure = classifyError(error);
      // Our deadline surfaces as a user abort; only the scan's own signal is a real cancellation.
      if (failure.kind === "aborted" && deadline.aborted && !parent?.aborted) {
        return { ok: false, failure: { kind: "timeout", detail: `no answer within ${seconds(options.deadlineMs)}` } };
      }
      return { ok: false, failure };
    } finally {
      state.usage.latency_ms_total += Math.round(performance.now() - started);
    }
  }

  async function attempt<T>(state: ProviderState, req: StructuredRequest<T>, prompt: ProviderPrompt): Promise<Attempt<T> | "budget"> {
    const { displayName, model } = state.adapter;
    let repair: RepairTurn | undefined;
    for (let round = 0; round < 2; round += 1) {
      const maxTokens = budget.reserve(prompt.system.length + prompt.user.length, req.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
      if (maxTokens === null) return "budget";
      say(req.agent, "INFO", round === 0 ? `${req.agent} asks ${displayName} (${model}) to ${req.purpose}` : `${req.agent} asks ${displayName} (${model}) once more for a valid answer`);
      const outcome = await callOnce(state, prompt, maxTokens, repair);
      if (!outcome.ok) {
        state.usage.failures += 1;
        return { ok: false, failure: outcome.failure };
      }
      const checked = validate(req.schema, outcome.reply.answer);
      if ("value" in checked) {
        const { inputTokens, outputTokens } = outcome.reply;
        say(req.agent, "INFO", `${displayName} answered in ${seconds(outcome.ms)} (${inputTokens} input / ${outputTokens} output tokens)`);
        return { ok: true, value: checked.value };
      }
      if (outcome.reply.answer.kind === "refused" || round === 1) {
        state.usage.failures += 1;
        return { ok: false, failure: { kind: outcome.reply.answer.kind === "refused" ? "refused" : "invalid_output", detail: checked.problem } };
      }
      say(req.agent, "INFO", `${displayName}'s answer was not usable (${checked.problem})`);
      repair = { previous: outcome.reply.answer, problem: checked.problem };
    }
    return { ok: false, failure: { kind: "invalid_output", detail: "no valid answer" } };
  }

  function afterFailure(state: ProviderState, agent: LlmAgent, failure: Failure) {
    const name = state.adapter.displayName;
    if (failure.kind === "key_rejected") {
      disable(state, "key rejected (HTTP 401)");
      say(agent, "WARNING", `${name} rejected the key; continuing without it`);
      return;
    }
    // These will not get better within one scan, and timeouts are expensive to hit twice.
    if (failure.kind === "forbidden" || failure.kind === "model_unavailable" || failure.kind === "timeout" || failure.kind === "connection") {
      disable(state, failure.detail);
      say(agent, "WARNING", `${name} is unavailable (${failure.detail}); not asking it again in this scan`);
      return;
    }
    say(agent, "WARNING", `${name} failed (${failure.detail})`);
  }

  return {
    async structured<T>(req: StructuredRequest<T>): Promise<StructuredResult<T> | null> {
      const { schema, strict } = toProviderSchema(req.schema);
      const prompt: ProviderPrompt = {
        system: `${req.system}\n\n${UNTRUSTED_DATA_RULES}`,
        user: buildUserMessage(req.untrusted),
        schemaName: req.schemaName,
        schema,
        strict,
      };
      let tried = false;
      for (const state of states) {
        if (state.disabled || options.ctx?.signal.aborted) continue;
        tried = true;
        const result = await attempt(state, req, prompt);
        if (result === "budget") {
          for (const s of states) if (!s.disabled) disable(s, "per-scan LLM budget used up");
          if (!budgetAnnounced) {
            budgetAnnounced = true;
            const b = budget.limits;
            say(req.agent, "WARNING", `LLM budget for this scan is used up (${b.maxCalls} calls / ${b.maxTokens} tokens); continuing with deterministic results`);
          }
          return null;
        }
        if (result.ok) return { value: result.value, provider: state.adapter.provider, model: state.adapter.model };
        if (result.failure.kind === "aborted") return null;
        afterFailure(state, req.agent, result.failure);
      }
      if (tried && !options.ctx?.signal.aborted) say(req.agent, "WARNING", `No model answered (${req.purpose}); using the deterministic result`);
      return null;
    },
    usage: () => states.map((s) => ({ ...s.usage })),
    get disabledReasons() {
      return disabled.map((d) => ({ ...d }));
    },
    budget: () => ({
      max_calls: budget.limits.maxCalls,
      max_tokens: budget.limits.maxTokens,
      calls_used: budget.callsUsed,
      tokens_used: budget.tokensUsed,
    }),
  };
}
