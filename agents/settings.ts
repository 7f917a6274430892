// The engine's configuration, passed in by whoever runs it (lib/scans/engine/engine-settings.ts builds it
// from the validated environment; tests and the CLI pass their own). agents/ never reads the
// process environment: what is absent here takes the safe default below.

/** Chromium's sandbox: "auto" uses it where it can start (not as root, not without user namespaces). */
export type SandboxMode = "auto" | "on" | "off";

export interface LlmSettings {
  claudeModel: string;
  openaiModel: string;
  /** Defaults to the public API. */
  anthropicBaseUrl?: string;
  openaiBaseUrl?: string;
  /** The server's keys, used when a scan brings none. Absent by default. */
  anthropicApiKey?: string;
  openaiApiKey?: string;
}

export interface EngineSettings {
  /** A Chromium executable; absent: Debian's (agents/browser/chromium-path.ts). */
  chromiumPath?: string;
  chromiumSandbox: SandboxMode;
  /** The environment Chromium starts with (an allow-list: lib/env.ts browserProcessEnv); default none. */
  chromiumEnv: Readonly<Record<string, string>>;
  /** Chromium's --host-resolver-rules (tests map real hostnames to the local test web); default none. */
  hostResolverRules?: string;
  ignoreHTTPSErrors: boolean;
  /** Tests only: no SSRF guard at all. Default false: private targets are refused. */
  allowPrivateTargets: boolean;
  /** Non-public ranges the egress proxy lets through (an intranet). */
  allowedPrivateCidrs: readonly string[];
  scanTimeoutSeconds: number;
  /** Region id → the operator's egress proxy URL for it (APO_REGION_PROXIES); default none. */
  regionProxies: Readonly<Record<string, string>>;
  llm: LlmSettings;
}

/** Any part of the settings; the rest takes the defaults. */
export type EngineSettingsInput = Partial<Omit<EngineSettings, "llm">> & { llm?: Partial<LlmSettings> };

export const DEFAULT_LLM_SETTINGS: LlmSettings = { claudeModel: "claude-sonnet-5-5", openaiModel: "gpt-5.4-mini" };

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  chromiumSandbox: "auto",
  chromiumEnv: {},
  ignoreHTTPSErrors: false,
  allowPrivateTargets: false,
  allowedPrivateCidrs: [],
  scanTimeoutSeconds: 300,
  regionProxies: {},
  llm: DEFAULT_LLM_SETTINGS,
};

/** Complete settings from a partial set: a field that is absent (or undefined) takes its default. */
export function engineSettings(input: EngineSettingsInput = {}): EngineSettings {
  return {
    ...DEFAULT_ENGINE_SETTINGS,
    ...definedOnly(input),
    llm: llmSettings(input.llm),
  };
}

export function llmSettings(input: Partial<LlmSettings> = {}): LlmSettings {
  return { ...DEFAULT_LLM_SETTINGS, ...definedOnly(input) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
