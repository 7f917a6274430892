import { describe, expect, it } from "vitest";
import { sandboxArgs } from "@/agents/browser/scan-browser";
import { browserProcessEnv, engineProcessEnv } from "@/lib/env";
import { mayUseServerLlmKeys, serverLlmKeysFor } from "@/lib/scans/server-llm-keys";

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
