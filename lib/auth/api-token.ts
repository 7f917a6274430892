import { createHash, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, errors as joseErrors } from "jose";
import { resolveSecrets } from "./secret";

// API tokens keep the seed's shape: HS256, `sub` and `exp`. Tokens minted through /api/tokens
// add a `jti` that must exist (unrevoked) in the store. The algorithm is pinned on verify.
const ALG = "HS256";
const SHARE_AUDIENCE = "apo:share";

const key = (secret: string) => new TextEncoder().encode(secret);

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function signApiToken(opts: { sub: string; ttlSeconds: number; jti?: string; secret?: string }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({}).setProtectedHeader({ alg: ALG, typ: "JWT" }).setSubject(opts.sub).setIssuedAt(now).setExpirationTime(now + opts.ttlSeconds);
  if (opts.jti) jwt.setJti(opts.jti);
  return jwt.sign(key(opts.secret ?? resolveSecrets().jwt));
}

export interface VerifiedApiToken {
  sub: string;
  jti?: string;
  exp: number;
}

/** Null for anything invalid: wrong algorithm or signature, expired, missing claims, or a share token. */
export async function verifyApiToken(token: string, secret = resolveSecrets().jwt): Promise<VerifiedApiToken | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: [ALG], requiredClaims: ["sub", "exp"] });
    if (payload.aud !== undefined || typeof payload.sub !== "string" || payload.sub === "" || typeof payload.exp !== "number") return null;
    return { sub: payload.sub, exp: payload.exp, jti: typeof payload.jti === "string" ? payload.jti : undefined };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

export async function signShareToken(opts: { shareId: string; scanId: string; expiresAt: Date }): Promise<string> {
  return new SignJWT({ scan: opts.scanId })
    .setProtectedHeader({ alg: ALG })
    .setSubject(opts.shareId)
    .setAudience(SHARE_AUDIENCE)
    .setExpirationTime(Math.floor(opts.expiresAt.getTime() / 1000))
    .sign(key(resolveSecrets().jwt));
}

export async function verifyShareToken(token: string): Promise<{ shareId: string; scanId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(resolveSecrets().jwt), { algorithms: [ALG], audience: SHARE_AUDIENCE, requiredClaims: ["sub", "exp"] });
    if (typeof payload.sub !== "string" || typeof payload.scan !== "string") return null;
    return { shareId: payload.sub, scanId: payload.scan };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

export const newTokenId = (): string => randomUUID();
