import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { getEnv, type Env } from "@/lib/env";

/*
 * The signing secret rule (also in the final report and /docs):
 * 1. APO_JWT_SECRET set: used as is. In production (NODE_ENV=production) a value shorter than
 *    32 characters or a known placeholder ("changeme", "secret", …) refuses to start.
 * 2. APO_JWT_SECRET unset and the store is the embedded default (no DATABASE_URL), in any
 *    NODE_ENV: a 256-bit random secret is generated on first run and kept in
 *    <APO_DATA_DIR>/jwt-secret (mode 0600), reused on every later start. This is what lets
 *    `npm run start:app` work with no configuration; `npm run token` reads the same file.
 * 3. APO_JWT_SECRET unset with DATABASE_URL in production: refuses to start, because containers
 *    that share a database must share the secret and a per-container file cannot do that.
 * NEXTAUTH_SECRET, when unset, is derived from the same secret (HMAC, so the two never coincide);
 * when set, rule 1's weakness check applies to it too.
 */

const PLACEHOLDERS = new Set([
  "changeme", "change-me", "change_me", "secret", "dev-secret", "development", "password", "apo", "apo-secret",
  "your-secret", "your-secret-here", "replace-me", "test", "default", "supersecret", "jwt-secret",
]);

export class SecretConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretConfigError";
  }
}

export function isWeakSecret(value: string): boolean {
  const v = value.trim();
  return v.length < 32 || PLACEHOLDERS.has(v.toLowerCase()) || /^(.)\1+$/.test(v) || /change.?me|replace.?me|your.?secret/i.test(v);
}

export function secretFilePath(env: Env = getEnv()): string {
  return join(resolve(env.APO_DATA_DIR), "jwt-secret");
}

function readOrCreateSecretFile(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  chmodSync(path, 0o600);
  const value = readFileSync(path, "utf8").trim();
  if (value.length < 32) throw new SecretConfigError(`${path} holds a secret shorter than 32 characters; delete it to regenerate`);
  return value;
}

let cached: { jwt: string; nextAuth: string } | undefined;

export function resolveSecrets(env: Env = getEnv()): { jwt: string; nextAuth: string } {
  if (cached) return cached;
  const production = env.NODE_ENV === "production";
  let jwt: string;
  if (env.APO_JWT_SECRET) {
    if (production && isWeakSecret(env.APO_JWT_SECRET)) {
      throw new SecretConfigError("APO_JWT_SECRET is a placeholder or shorter than 32 characters; refusing to start in production");
    }
    jwt = env.APO_JWT_SECRET;
  } else if (production && env.DATABASE_URL) {
    throw new SecretConfigError("APO_JWT_SECRET is required in production with DATABASE_URL: every container must share it");
  } else {
    jwt = readOrCreateSecretFile(secretFilePath(env));
  }
  if (env.NEXTAUTH_SECRET && production && isWeakSecret(env.NEXTAUTH_SECRET)) {
    throw new SecretConfigError("NEXTAUTH_SECRET is a placeholder or shorter than 32 characters; refusing to start in production");
  }
  const nextAuth = env.NEXTAUTH_SECRET ?? createHmac("sha256", jwt).update("apo:nextauth").digest("base64url");
  cached = { jwt, nextAuth };
  return cached;
}

export function resetSecretsCache(): void {
  cached = undefined;
}
