import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "@/lib/monitors/webhook-signature";

const SECRET = "whsec_unit-test-secret";
const BODY = JSON.stringify({ type: "monitor.test", text: "héllo &amp; <world>" });
const NOW = 1_790_000_000;
const headers = (body: string = BODY, ts = NOW, secret = SECRET) => ({ signatureHeader: signWebhook(secret, ts, body), timestampHeader: String(ts) });

describe("signWebhook", () => {
  it("is sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'> (the value openssl computes)", () => {
    // printf '%s' '1790000000.{}' | openssl dgst -sha256 -hmac key
    expect(signWebhook("key", NOW, "{}")).toBe("sha256=099d33989336226b12c85da813adf6100e1bbab1e91bede9a41ddeb7882d66b8");
    expect(signWebhook("key", NOW, Buffer.from("{}"))).toBe(signWebhook("key", NOW, "{}"));
  });
});

describe("verifyWebhook", () => {
  it("accepts the signature of the exact body within the tolerance", () => {
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, ...headers(), nowSeconds: NOW })).toEqual({ ok: true });
    expect(verifyWebhook({ secret: SECRET, rawBody: Buffer.from(BODY), ...headers(), nowSeconds: NOW + 299 })).toEqual({ ok: true });
    // Upper-case hex is still the same signature.
    const upper = headers();
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, signatureHeader: upper.signatureHeader.replace(/[a-f]/g, (c) => c.toUpperCase()).replace("SHA256=", "sha256="), timestampHeader: upper.timestampHeader, nowSeconds: NOW }).ok).toBe(true);
  });

  it("refuses a tampered body, even one re-serialised to the same JSON", () => {
    const h = headers();
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY.replace("monitor.test", "monitor.tesT"), ...h, nowSeconds: NOW })).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifyWebhook({ secret: SECRET, rawBody: JSON.stringify(JSON.parse(BODY), null, 1), ...h, nowSeconds: NOW }).ok).toBe(false);
  });

  it("refuses another secret's signature", () => {
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, ...headers(BODY, NOW, "whsec_other"), nowSeconds: NOW })).toEqual({ ok: false, reason: "signature does not match" });
  });

  it("refuses a stale or future timestamp, and a replay that swaps in a fresh timestamp", () => {
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, ...headers(), nowSeconds: NOW + 301 })).toEqual({ ok: false, reason: "timestamp outside the tolerance" });
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, ...headers(), nowSeconds: NOW - 301 }).ok).toBe(false);
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, ...headers(), nowSeconds: NOW + 3600, toleranceSeconds: 7200 }).ok).toBe(true);
    // The old signature with the replayer's current timestamp: the timestamp is signed, so it fails.
    const old = headers();
    expect(verifyWebhook({ secret: SECRET, rawBody: BODY, signatureHeader: old.signatureHeader, timestampHeader: String(NOW + 3600), nowSeconds: NOW + 3600 })).toEqual({ ok: false, reason: "signature does not match" });
  });

  it("refuses malformed or missing headers", () => {
    const good = headers();
    const cases: Array<[string | null | undefined, string | null | undefined, string]> = [
      [good.signatureHeader, undefined, "missing or malformed timestamp"],
      [good.signatureHeader, "yesterday", "missing or malformed timestamp"],
      [good.signatureHeader, "-5", "missing or malformed timestamp"],
      [null, good.timestampHeader, "missing or malformed signature"],
      [good.signatureHeader.slice("sha256=".length), good.timestampHeader, "missing or malformed signature"],
      [good.signatureHeader.replace("sha256=", "sha1="), good.timestampHeader, "missing or malformed signature"],
      [good.signatureHeader.slice(0, -2), good.timestampHeader, "missing or malformed signature"],
      [`${good.signatureHeader}zz`, good.timestampHeader, "missing or malformed signature"],
    ];
    for (const [signatureHeader, timestampHeader, reason] of cases) {
      expect(verifyWebhook({ secret: SECRET, rawBody: BODY, signatureHeader, timestampHeader, nowSeconds: NOW }), `${signatureHeader} / ${timestampHeader}`).toEqual({ ok: false, reason });
    }
  });
});
