import { browserProcessEnv, getEnv, type Env } from "@/lib/env";
import { engineSettings, type EngineSettings } from "@/agents/settings";

export interface EngineSettingsFromEnvOptions {
  /**
   * Put the environment's own ANTHROPIC_API_KEY / OPENAI_API_KEY in the settings (the CLI). The
   * service never does: the server keys a scan may use reach it with the job (job.serverLlmKeys).
   */
  withLlmKeys?: boolean;
  /** Where Chromium's allow-listed environment is taken from; default process.env. */
  processEnv?: Record<string, string | undefined>;
}

/** The engine's settings (agents/settings.ts) from the validated environment: the one place they are read. */
export function engineSettingsFromEnv(env: Env = getEnv(), options: EngineSettingsFromEnvOptions = {}): EngineSettings {
  return engineSettings({
    chromiumPath: env.APO_CHROMIUM_PATH,
    chromiumSandbox: env.APO_CHROMIUM_SANDBOX,
    chromiumEnv: browserProcessEnv(options.processEnv) as Record<string, string>,
    hostResolverRules: env.APO_HOST_RESOLVER_RULES,
    ignoreHTTPSErrors: env.APO_IGNORE_HTTPS_ERRORS,
    allowPrivateTargets: env.APO_ALLOW_PRIVATE_TARGETS,
    allowedPrivateCidrs: env.APO_ALLOWED_PRIVATE_CIDRS,
    scanTimeoutSeconds: env.APO_SCAN_TIMEOUT,
    regionProxies: env.APO_REGION_PROXIES,
    llm: {
      claudeModel: env.APO_CLAUDE_MODEL,
      openaiModel: env.APO_OPENAI_MODEL,
      anthropicBaseUrl: env.ANTHROPIC_BASE_URL,
      openaiBaseUrl: env.OPENAI_BASE_URL,
      anthropicApiKey: options.withLlmKeys ? env.ANTHROPIC_API_KEY : undefined,
      openaiApiKey: options.withLlmKeys ? env.OPENAI_API_KEY : undefined,
    },
  });
}
