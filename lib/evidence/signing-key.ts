import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Env } from "@/lib/env";

/*
 * The evidence signing key rule (README "Verifiable evidence"):
 * 1. APO_SIGNING_KEY set: an Ed25519 private key, PKCS#8, as PEM (literal "\n" accepted) or as the
 *    base64 of its DER. Anything else refuses to start, naming the variable.
 * 2. Unset, except in production with DATABASE_URL: a key is generated on first run into
 *    <APO_DATA_DIR>/signing-key.pem (mode 0600) and reused, as the JWT secret is.
 * 3. Unset in production with DATABASE_URL: containers sharing a database must share one key, which
 *    a per-container file cannot give. Scans still run and bundles still carry their manifest of
 *    hashes, but nothing is signed: the server says so at start, GET /api/signing-key answers 404
 *    signing_disabled, and `apo verify` reports such a bundle as unsigned (invalid). Refusing to
 *    start would take scanning down for an evidence option an operator may not have set yet.
 */

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex. */
  keyId: string;
  source: "env" | "file";
}

export class SigningKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyConfigError";
  }
}

export function signingKeyFilePath(env: Pick<Env, "APO_DATA_DIR">): string {
  return join(resolve(env.APO_DATA_DIR), "signing-key.pem");
}

export function publicKeyId(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

export function publicKeyPemOf(publicKey: KeyObject): string {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

function fromPrivateKey(privateKey: KeyObject, source: SigningKey["source"]): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new SigningKeyConfigError(`the signing key is ${privateKey.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKeyPemOf(publicKey), keyId: publicKeyId(publicKey), source };
}

/** Reads APO_SIGNING_KEY's value: PKCS#8 PEM, or base64 of PKCS#8 DER. */
export function parseSigningKey(value: string, source: SigningKey["source"] = "env"): SigningKey {
  const text = value.trim().replace(/\\n/g, "\n");
  let key: KeyObject;
  try {
    key = text.startsWith("-----BEGIN")
      ? createPrivateKey({ key: text, format: "pem" })
      : createPrivateKey({ key: Buffer.from(text, "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new SigningKeyConfigError("APO_SIGNING_KEY is not a PKCS#8 private key (PEM, or base64 of DER)");
  }
  return fromPrivateKey(key, source);
}

/** A new Ed25519 private key as PKCS#8 PEM (what `npm run` helpers and operators store). */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

function readOrCreateKeyFile(path: string): SigningKey {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, generateSigningKeyPem(), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  chmodSync(path, 0o600);
  try {
    return parseSigningKey(readFileSync(path, "utf8"), "file");
  } catch {
    throw new SigningKeyConfigError(`${path} does not hold an Ed25519 PKCS#8 key; delete it to generate a new one`);
  }
}

/** The key this server signs with, or null when rule 3 applies (nothing is signed). */
export function resolveSigningKey(env: Pick<Env, "APO_SIGNING_KEY" | "APO_DATA_DIR" | "NODE_ENV" | "DATABASE_URL">): SigningKey | null {
  if (env.APO_SIGNING_KEY) return parseSigningKey(env.APO_SIGNING_KEY, "env");
  if (env.NODE_ENV === "production" && env.DATABASE_URL) return null;
  return readOrCreateKeyFile(signingKeyFilePath(env));
}
