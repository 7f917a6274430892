import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveSecrets } from "@/lib/auth/secret";

// A monitor's webhook secret must be readable again (we sign with it), so it is sealed, not
// hashed: AES-256-GCM under a key derived from the server's JWT signing secret. A database dump
// alone yields no secret, and every container sharing the database (and so the JWT secret) can
// open what another sealed. The version prefix lets a later key or cipher coexist with this one.

const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;
// HKDF's salt and info bind the key to this one use: it never equals a key used elsewhere.
const SALT = "apo:webhook-secret";
const INFO = "v1 aes-256-gcm";

function sealingKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveSecrets().jwt, SALT, INFO, 32));
}

/** A fresh secret to show the owner once: `whsec_` and 32 random bytes (base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** `v1.` + base64url(iv ‖ tag ‖ ciphertext). */
export function sealSecret(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** Throws when the text was not sealed here, was altered, or was sealed under another server secret. */
export function openSecret(sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error("unknown sealed-secret version");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES + 1) throw new Error("sealed secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
