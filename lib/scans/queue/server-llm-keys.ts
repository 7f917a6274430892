import type { ServerLlmKeys } from "@/agents/types";
import type { Env } from "@/lib/env";

type KeyEnv = Pick<Env, "APO_SERVER_LLM_KEYS_FOR" | "ANTHROPIC_API_KEY" | "OPENAI_API_KEY">;

/** Whether this principal may spend the server's LLM keys: APO_SERVER_LLM_KEYS_FOR is "none", "all" or a list of ids. */
export function mayUseServerLlmKeys(owner: string, setting: string): boolean {
  const value = setting.trim().toLowerCase();
  if (value === "" || value === "none") return false;
  if (value === "all") return true;
  return value.split(",").map((id) => id.trim()).includes(owner.toLowerCase());
}

/**
 * The server keys a scan's engine receives with its job: none unless the operator lets this owner
 * spend them. Always an object, so an engine in the server's own process does not fall back to
 * the environment's keys.
 */
export function serverLlmKeysFor(owner: string, env: KeyEnv): ServerLlmKeys {
  if (!mayUseServerLlmKeys(owner, env.APO_SERVER_LLM_KEYS_FOR)) return {};
  return { anthropic: env.ANTHROPIC_API_KEY, openai: env.OPENAI_API_KEY };
}
