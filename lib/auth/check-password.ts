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

/*
 * bcrypt runs on the server's main thread: bcryptjs is JavaScript, and its async compare only
 * yields to the event loop every 100 ms. A worker thread would move it off, but a worker script
 * is not part of Next's standalone output (the engine child needs its own build step for the same
 * reason). So the cost is bounded instead: the hash's cost factor is capped (lib/env.ts refuses a
 * configured hash above cost 12, about 0.25 s of CPU), at most two compares run
 * at once (the rest wait their turn rather than all slowing down together), and the sign-in
 * throttle (sign-in-throttle.ts) refuses a flood before it reaches here.
 */
const MAX_CONCURRENT_COMPARES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function bcryptCompare(password: string, hash: string): Promise<boolean> {
  // A finishing compare hands its slot straight to the next in line, so none can jump the queue.
  if (running >= MAX_CONCURRENT_COMPARES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await bcrypt.compare(password, hash);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
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
    const passwordOk = await bcryptCompare(password, embedded.passwordHash);
    return emailOk && passwordOk ? embedded.email : null;
  }
  if (!env.APO_ADMIN_EMAIL || (!env.APO_ADMIN_PASSWORD && !env.APO_ADMIN_PASSWORD_HASH)) return null;
  const emailOk = sameText(email.trim().toLowerCase(), env.APO_ADMIN_EMAIL.trim().toLowerCase());
  // Always run the password check so a wrong email costs the same time as a wrong password.
  const passwordOk = env.APO_ADMIN_PASSWORD_HASH
    ? await bcryptCompare(password, env.APO_ADMIN_PASSWORD_HASH)
    : sameText(password, env.APO_ADMIN_PASSWORD ?? "");
  return emailOk && passwordOk ? env.APO_ADMIN_EMAIL.trim().toLowerCase() : null;
}
