import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import bcrypt from "bcryptjs";
import { getEnv, type Env } from "@/lib/env";

/*
 * With no APO_ADMIN_EMAIL configured and the embedded default store, APO creates one analyst
 * account on first run so `npm run start:app` leads to a usable sign-in: the e-mail is
 * admin@apo.local, the password is random, shown once in the start-up log and kept in
 * <APO_DATA_DIR>/initial-admin-password (mode 0600) until the user deletes it. Only its bcrypt
 * hash is used to check sign-ins. Deployments with DATABASE_URL never get such an account.
 */
export const EMBEDDED_ADMIN_EMAIL = "admin@apo.local";

export interface EmbeddedAdmin {
  email: string;
  passwordHash: string;
  /** Set only on the run that created the account, for the one-time log line. */
  createdPassword: string | null;
  passwordFile: string;
}

export function embeddedAdminApplies(env: Env = getEnv()): boolean {
  return !env.APO_ADMIN_EMAIL && !env.DATABASE_URL;
}

let cached: EmbeddedAdmin | undefined;

/** The embedded analyst account, created on first use; null when configuration names an account. */
export function ensureEmbeddedAdmin(env: Env = getEnv()): EmbeddedAdmin | null {
  if (!embeddedAdminApplies(env)) return null;
  if (cached) return cached;
  const dataDir = resolve(env.APO_DATA_DIR);
  const hashFile = join(dataDir, "admin-password.bcrypt");
  const passwordFile = join(dataDir, "initial-admin-password");
  mkdirSync(dirname(hashFile), { recursive: true });
  let createdPassword: string | null = null;
  try {
    const password = randomBytes(18).toString("base64url");
    writeFileSync(hashFile, bcrypt.hashSync(password, 12) + "\n", { mode: 0o600, flag: "wx" });
    writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
    createdPassword = password;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  chmodSync(hashFile, 0o600);
  cached = { email: EMBEDDED_ADMIN_EMAIL, passwordHash: readFileSync(hashFile, "utf8").trim(), createdPassword, passwordFile };
  return cached;
}

export function resetEmbeddedAdminCache(): void {
  cached = undefined;
}
