import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { signApiToken, signShareToken, signStreamToken, verifyApiToken, verifyShareToken, verifyStreamToken } from "@/lib/auth/api-token";
import { isWeakSecret, resetSecretsCache, resolveSecrets, SecretConfigError } from "@/lib/auth/secret";

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const key = new TextEncoder().encode(SECRET);

afterEach(() => resetSecretsCache());

describe("API tokens (HS256, sub + exp)", () => {
  it("round-trips a token with sub, exp and jti", async () => {
    const token = await signApiToken({ sub: "ci-bot", ttlSeconds: 60, jti: "id-1", secret: SECRET });
    expect(await verifyApiToken(token, SECRET)).toMatchObject({ sub: "ci-bot", jti: "id-1" });
  });

  it("accepts the seed's shape: only sub and exp", async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("seed").setExpirationTime("1h").sign(key);
    expect(await verifyApiToken(token, SECRET)).toMatchObject({ sub: "seed" });
  });

  it("rejects other algorithms, alg none, expired, wrong secret, and missing claims", async () => {
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: "HS512" }).setSubject("x").setExpirationTime("1h").sign(key);
    const none = new UnsecuredJWT({}).setSubject("x").setExpirationTime("1h").encode();
    const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("x").setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(key);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("x").sign(key);
    const noSub = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h").sign(key);
    const other = await signApiToken({ sub: "x", ttlSeconds: 60, secret: "another-secret-0123456789abcdef0123456789" });
    for (const t of [hs512, none, expired, noExp, noSub, other, "garbage", ""]) expect(await verifyApiToken(t, SECRET)).toBeNull();
  });

  it("a token verified once (and cached) is still refused under another secret and after it expires", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("poller").setExpirationTime(exp).sign(key);
    expect(await verifyApiToken(token, SECRET)).toMatchObject({ sub: "poller" });
    expect(await verifyApiToken(token, SECRET)).toMatchObject({ sub: "poller" });
    expect(await verifyApiToken(token, "another-secret-0123456789abcdef0123456789")).toBeNull();
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect(await verifyApiToken(token, SECRET)).toBeNull();
  });

  it("keeps share tokens and API tokens apart", async () => {
    process.env.APO_JWT_SECRET = SECRET;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    const share = await signShareToken({ shareId: "s1", scanId: "scan1", expiresAt: new Date(Date.now() + 60_000) });
    expect(await verifyApiToken(share, SECRET)).toBeNull();
    expect(await verifyShareToken(share)).toEqual({ shareId: "s1", scanId: "scan1" });
    const api = await signApiToken({ sub: "x", ttlSeconds: 60 });
    expect(await verifyShareToken(api)).toBeNull();
    delete process.env.APO_JWT_SECRET;
    resetEnvCache();
  });

  it("keeps stream links to their purpose and their minutes", async () => {
    process.env.APO_JWT_SECRET = SECRET;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    const stream = await signStreamToken({ owner: "analyst@x", scanId: "scan1", expiresAt: new Date(Date.now() + 60_000) });
    expect(await verifyStreamToken(stream)).toEqual({ owner: "analyst@x", scanId: "scan1" });
    // Not an API token, not a share link; and neither of those is a stream link.
    expect(await verifyApiToken(stream, SECRET)).toBeNull();
    expect(await verifyShareToken(stream)).toBeNull();
    expect(await verifyStreamToken(await signShareToken({ shareId: "s1", scanId: "scan1", expiresAt: new Date(Date.now() + 60_000) }))).toBeNull();
    expect(await verifyStreamToken(await signApiToken({ sub: "analyst@x", ttlSeconds: 60 }))).toBeNull();
    // Expired, or signed with another secret.
    expect(await verifyStreamToken(await signStreamToken({ owner: "a", scanId: "s", expiresAt: new Date(Date.now() - 1_000) }))).toBeNull();
    process.env.APO_JWT_SECRET = "another-secret-0123456789abcdef0123456789";
    resetEnvCache();
    resetSecretsCache();
    expect(await verifyStreamToken(stream)).toBeNull();
    delete process.env.APO_JWT_SECRET;
    resetEnvCache();
  });
});

describe("signing secret rule", () => {
  const dir = mkdtempSync(join(tmpdir(), "apo-secret-"));
  afterEach(() => rmSync(join(dir, "jwt-secret"), { force: true }));

  it("refuses placeholders and short secrets in production", () => {
    for (const s of ["changeme", "secret", "short", "x".repeat(40), "please-change-me-before-going-live-ok"]) {
      expect(isWeakSecret(s)).toBe(true);
      expect(() => resolveSecrets(parseEnv({ NODE_ENV: "production", APO_JWT_SECRET: s, APO_DATA_DIR: dir }))).toThrow(SecretConfigError);
      resetSecretsCache();
    }
    expect(resolveSecrets(parseEnv({ NODE_ENV: "production", APO_JWT_SECRET: SECRET, APO_DATA_DIR: dir })).jwt).toBe(SECRET);
  });

  it("generates and keeps a 0600 secret in the data folder for the embedded store", () => {
    const env = parseEnv({ NODE_ENV: "production", APO_DATA_DIR: dir });
    const first = resolveSecrets(env).jwt;
    resetSecretsCache();
    expect(resolveSecrets(env).jwt).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(statSync(join(dir, "jwt-secret")).mode & 0o777).toBe(0o600);
    expect(resolveSecrets(env).nextAuth).not.toBe(first);
  });

  it("refuses a missing secret in production with a shared database", () => {
    expect(() => resolveSecrets(parseEnv({ NODE_ENV: "production", APO_DATA_DIR: dir, DATABASE_URL: "postgres://x@127.0.0.1/db" }))).toThrow(/APO_JWT_SECRET is required/);
  });
});
