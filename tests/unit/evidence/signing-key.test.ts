import { generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateSigningKeyPem, parseSigningKey, resolveSigningKey, signingKeyFilePath, SigningKeyConfigError } from "@/lib/evidence/signing-key";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "apo-signing-key-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const base = { APO_SIGNING_KEY: undefined, DATABASE_URL: undefined, NODE_ENV: "development" as const };

describe("the evidence signing key", () => {
  it("is generated on the embedded default into <APO_DATA_DIR>/signing-key.pem, mode 0600, and reused", () => {
    const dir = dataDir();
    const first = resolveSigningKey({ ...base, APO_DATA_DIR: dir });
    expect(first?.source).toBe("file");
    const path = signingKeyFilePath({ APO_DATA_DIR: dir });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = resolveSigningKey({ ...base, APO_DATA_DIR: dir });
    expect(second?.keyId).toBe(first?.keyId);
    expect(first?.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveSigningKey({ ...base, APO_DATA_DIR: dataDir() })?.keyId).not.toBe(first?.keyId);
  });

  it("reads APO_SIGNING_KEY as PEM (also with literal \\n) or as base64 DER: the same key either way", () => {
    const pem = generateSigningKeyPem();
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("base64");
    const fromPem = parseSigningKey(pem);
    expect(parseSigningKey(der).keyId).toBe(fromPem.keyId);
    expect(parseSigningKey(pem.replace(/\n/g, "\\n")).keyId).toBe(fromPem.keyId);
    const dir = dataDir();
    expect(resolveSigningKey({ ...base, APO_DATA_DIR: dir, APO_SIGNING_KEY: pem })).toMatchObject({ keyId: fromPem.keyId, source: "env" });
  });

  it("signs with Ed25519: a signature verifies with its public key and fails on one changed byte", () => {
    const key = parseSigningKey(generateSigningKeyPem());
    const data = Buffer.from('{"a":1}');
    const signature = sign(null, data, key.privateKey);
    expect(signature).toHaveLength(64);
    expect(verify(null, data, key.publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from('{"a":2}'), key.publicKey, signature)).toBe(false);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it("refuses a key that is not Ed25519 or not a key, naming the variable", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(SigningKeyConfigError);
    expect(() => parseSigningKey(rsa)).toThrow(/not Ed25519/);
    expect(() => parseSigningKey("changeme")).toThrow(/APO_SIGNING_KEY/);
  });

  it("signs nothing in production with DATABASE_URL and no key (containers must share one), and writes no file", () => {
    const dir = dataDir();
    const env = { APO_SIGNING_KEY: undefined, APO_DATA_DIR: dir, NODE_ENV: "production" as const, DATABASE_URL: "postgres://x" };
    expect(resolveSigningKey(env)).toBeNull();
    expect(() => statSync(signingKeyFilePath(env))).toThrow();
    expect(resolveSigningKey({ ...env, APO_SIGNING_KEY: generateSigningKeyPem() })?.source).toBe("env");
    // Production on the embedded store: one container, its own file.
    expect(resolveSigningKey({ ...env, DATABASE_URL: undefined })?.source).toBe("file");
  });
});
