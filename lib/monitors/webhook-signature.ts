import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * How a receiver knows an event came from APO (the scheme of Stripe's webhooks):
 *   X-APO-Timestamp: <unix seconds when sent>
 *   X-APO-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>.<raw body>", keyed with the monitor's webhook secret>
 * The timestamp is inside the signed text, so a captured request cannot be replayed later with a
 * fresh timestamp; receivers refuse timestamps older than a tolerance (5 minutes by default).
 * Every attempt of a delivery is signed anew with its own timestamp.
 */

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.`).update(rawBody).digest("hex");
  return `sha256=${mac}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyInput {
  secret: string;
  /** The request body exactly as received (before any JSON parsing). */
  rawBody: string | Buffer;
  signatureHeader: string | null | undefined;
  timestampHeader: string | null | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}

export function verifyWebhook({ secret, rawBody, signatureHeader, timestampHeader, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyInput): VerifyResult {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader.trim())) return { ok: false, reason: "missing or malformed timestamp" };
  const timestamp = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "timestamp outside the tolerance" };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader?.trim() ?? "");
  if (!match) return { ok: false, reason: "missing or malformed signature" };
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody).slice("sha256=".length), "hex");
  const given = Buffer.from(match[1]!.toLowerCase(), "hex");
  // Both are 32 bytes here (the regex fixed the length), as timingSafeEqual requires.
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
