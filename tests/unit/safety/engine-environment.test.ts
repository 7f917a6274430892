import { describe, expect, it } from "vitest";
import { sandboxArgs } from "@/agents/browser/scan-browser";
import { DEFAULT_ENGINE_SETTINGS, engineSettings } from "@/agents/settings";
import { browserProcessEnv, engineProcessEnv, parseEnv } from "@/lib/env";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import { mayUseServerLlmKeys, serverLlmKeysFor } from "@/lib/scans/queue/server-llm-keys";

const serverEnv = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/apo",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  TZ: "UTC",
  NODE_ENV: "production",
  APO_DATA_DIR: "/data",
  APO_LOG_LEVEL: "info",
  APO_CHROMIUM_PATH: "/usr/bin/chromium",
  APO_HOST_RESOLVER_RULES: "MAP * 127.0.0.1:1",
  APO_SCAN_TIMEOUT: "300",
  APO_CLAUDE_MODEL: "claude-x",
  ANTHROPIC_BASE_URL: "https://gateway.example/anthropic",
  APO_JWT_SECRET: "jwt-secret-value",
  NEXTAUTH_SECRET: "nextauth-secret-value",
  APO_ADMIN_PASSWORD: "admin-password",
  APO_ADMIN_PASSWORD_HASH: "$2b$12$hash",
  APO_OIDC_CLIENT_SECRET: "oidc-secret",
  DATABASE_URL: "postgres://u:p@db/apo",
  SUPABASE_SERVICE_ROLE_KEY: "service-role",
  ANTHROPIC_API_KEY: "sk-ant-server",
  OPENAI_API_KEY: "sk-server",
  AWS_SECRET_ACCESS_KEY: "aws-secret",
  ECS_CONTAINER_METADATA_URI_V4: "http://169.254.170.2/v4/x",
};

const SECRETS = ["jwt-secret-value", "nextauth-secret-value", "admin-password", "$2b$12$hash", "oidc-secret", "postgres://u:p@db/apo", "service-role", "sk-ant-server", "sk-server", "aws-secret"];

describe("the engine's and Chromium's environments", () => {
  it("give the engine its settings and nothing secret", () => {
    const env = engineProcessEnv(serverEnv);
    expect(env).toMatchObject({ PATH: "/usr/bin:/bin", HOME: "/home/apo", LC_ALL: "C.UTF-8", NODE_ENV: "production", APO_CHROMIUM_PATH: "/usr/bin/chromium", APO_HOST_RESOLVER_RULES: "MAP * 127.0.0.1:1", APO_CLAUDE_MODEL: "claude-x", ANTHROPIC_BASE_URL: "https://gateway.example/anthropic" });
    for (const secret of SECRETS) expect(Object.values(env)).not.toContain(secret);
    expect(Object.keys(env)).not.toContain("APO_DATA_DIR");
    expect(Object.keys(env)).not.toContain("ECS_CONTAINER_METADATA_URI_V4");
  });

  it("give Chromium the base variables only", () => {
    const env = browserProcessEnv(serverEnv);
    expect(Object.keys(env).sort()).toEqual(["HOME", "LANG", "LC_ALL", "PATH", "TZ"]);
  });
});

describe("the engine's settings", () => {
  it("are safe when absent: no resolver rules, HTTPS errors not ignored, private targets refused, 300 s, no server LLM keys, an empty environment for Chromium", () => {
    expect(engineSettings()).toEqual(DEFAULT_ENGINE_SETTINGS);
    expect(DEFAULT_ENGINE_SETTINGS).toMatchObject({ ignoreHTTPSErrors: false, allowPrivateTargets: false, allowedPrivateCidrs: [], scanTimeoutSeconds: 300, chromiumEnv: {} });
    expect(DEFAULT_ENGINE_SETTINGS.hostResolverRules).toBeUndefined();
    expect([DEFAULT_ENGINE_SETTINGS.llm.anthropicApiKey, DEFAULT_ENGINE_SETTINGS.llm.openaiApiKey]).toEqual([undefined, undefined]);
    expect(engineSettings({ hostResolverRules: undefined, llm: { claudeModel: "claude-x" } })).toMatchObject({ llm: { claudeModel: "claude-x", openaiModel: DEFAULT_ENGINE_SETTINGS.llm.openaiModel } });
  });

  it("are read from the engine's environment, and hold nothing secret", () => {
    const settings = engineSettingsFromEnv(parseEnv(engineProcessEnv(serverEnv)), { processEnv: serverEnv });
    expect(settings).toMatchObject({ chromiumPath: "/usr/bin/chromium", hostResolverRules: "MAP * 127.0.0.1:1", scanTimeoutSeconds: 300, llm: { claudeModel: "claude-x", anthropicBaseUrl: "https://gateway.example/anthropic" } });
    expect(Object.keys(settings.chromiumEnv).sort()).toEqual(["HOME", "LANG", "LC_ALL", "PATH", "TZ"]);
    const fromServer = JSON.stringify(engineSettingsFromEnv(parseEnv(serverEnv), { processEnv: serverEnv }));
    for (const secret of SECRETS) expect(fromServer).not.toContain(secret);
  });
});

describe("who may spend the server's LLM keys", () => {
  const keys = { ANTHROPIC_API_KEY: "sk-ant-server", OPENAI_API_KEY: "sk-server" };

  it("nobody by default", () => {
    expect(mayUseServerLlmKeys("analyst@apo.test", "none")).toBe(false);
    expect(serverLlmKeysFor("analyst@apo.test", { ...keys, APO_SERVER_LLM_KEYS_FOR: "none" })).toEqual({});
  });

  it("everyone with all, or the listed principals", () => {
    expect(serverLlmKeysFor("ci-pipeline", { ...keys, APO_SERVER_LLM_KEYS_FOR: "all" })).toEqual({ anthropic: "sk-ant-server", openai: "sk-server" });
    expect(mayUseServerLlmKeys("Analyst@APO.test", "analyst@apo.test, ci-pipeline")).toBe(true);
    expect(mayUseServerLlmKeys("other@apo.test", "analyst@apo.test, ci-pipeline")).toBe(false);
  });
});

describe("Chromium's sandbox", () => {
  it("is on unless running as root or switched off", () => {
    expect(sandboxArgs("auto", false)).toEqual([]);
    expect(sandboxArgs("auto", true)).toEqual(["--no-sandbox"]);
    expect(sandboxArgs("on", true)).toEqual([]);
    expect(sandboxArgs("off", false)).toEqual(["--no-sandbox"]);
  });
});
