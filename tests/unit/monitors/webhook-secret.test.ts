import { describe, expect, it } from "vitest";
import { newWebhookSecret, openSecret, sealSecret } from "@/lib/monitors/webhook-secret";
import { resetSecretsCache } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";
import { isolateEnv } from "@/tests/support/isolate-env";

isolateEnv({ APO_JWT_SECRET: "unit-test-secret-0123456789abcdef0123456789" });

const flipAt = (sealed: string, index: number) => {
  const raw = Buffer.from(sealed.slice(3), "base64url");
  raw[index] = raw[index]! ^ 0x01;
  return "v1." + raw.toString("base64url");
};

describe("webhook secrets", () => {
  it("are whsec_ and 32 random bytes, never the same twice", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), "base64url")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("seal and open round trip; the sealed text is versioned, randomised and does not contain the secret", () => {
    const secret = newWebhookSecret();
    const sealed = sealSecret(secret);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealSecret(secret)).not.toBe(sealed);
    expect(openSecret(sealed)).toBe(secret);
  });

  it("detects tampering with the IV, the tag or the ciphertext, truncation and an unknown version", () => {
    const sealed = sealSecret(newWebhookSecret());
    for (const index of [0, 11, 12, 27, 28, 40]) expect(() => openSecret(flipAt(sealed, index)), `byte ${index}`).toThrow();
    expect(() => openSecret(sealed.slice(0, 20))).toThrow(/truncated/);
    expect(() => openSecret(sealed.replace(/^v1\./, "v2."))).toThrow(/version/);
    expect(() => openSecret("whsec_plaintext")).toThrow();
  });

  it("cannot be opened under another server secret", () => {
    const sealed = sealSecret("whsec_abc");
    process.env.APO_JWT_SECRET = "another-unit-test-secret-0123456789abcdef";
    resetEnvCache();
    resetSecretsCache();
    expect(() => openSecret(sealed)).toThrow();
    expect(openSecret(sealSecret("whsec_abc"))).toBe("whsec_abc");
  });
});
