import { createHash, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";
import { getEnv } from "@/lib/env";
import { ensureEmbeddedAdmin } from "./embedded-admin";

// Equal-length digests make the comparison constant-time whatever the input lengths.
function sameText(a: string, b: string): boolean {
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * The analyst account from APO_ADMIN_EMAIL with APO_ADMIN_PASSWORD_HASH (bcrypt) or
 * APO_ADMIN_PASSWORD; on the embedded default without one, the first-run account (embedded-admin.ts).
 */
export async function checkAdminCredentials(email: string, password: string): Promise<string | null> {
  const env = getEnv();
  const embedded = ensureEmbeddedAdmin(env);
  if (embedded) {
    const emailOk = sameText(email.trim().toLowerCase(), embedded.email);
    const passwordOk = await bcrypt.compare(password, embedded.passwordHash);
    return emailOk && passwordOk ? embedded.email : null;
  }
  if (!env.APO_ADMIN_EMAIL || (!env.APO_ADMIN_PASSWORD && !env.APO_ADMIN_PASSWORD_HASH)) return null;
  const emailOk = sameText(email.trim().toLowerCase(), env.APO_ADMIN_EMAIL.trim().toLowerCase());
  // Always run the password check so a wrong email costs the same time as a wrong password.
  const passwordOk = env.APO_ADMIN_PASSWORD_HASH
    ? await bcrypt.compare(password, env.APO_ADMIN_PASSWORD_HASH)
    : sameText(password, env.APO_ADMIN_PASSWORD ?? "");
  return emailOk && passwordOk ? env.APO_ADMIN_EMAIL.trim().toLowerCase() : null;
}
