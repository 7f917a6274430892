import { createHash, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, errors as joseErrors } from "jose";
import { resolveSecrets } from "./secret";

// API tokens keep the seed's shape: HS256, `sub` and `exp`. Tokens minted through /api/tokens
// add a `jti` that must exist (unrevoked) in the store. The algorithm is pinned on verify. No token
// may live longer than APO_TOKEN_MAX_TTL_DAYS (checked in authenticate.ts).
const ALG = "HS256";
const SHARE_AUDIENCE = "apo:share";
const STREAM_AUDIENCE = "apo:stream";

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
  iat?: number;
}

/**
 * Whether a token lives longer than the maximum (APO_TOKEN_MAX_TTL_DAYS): exp - iat, and for a
 * token without iat (the seed's shape) or with one in the future, exp - now.
 */
export function exceedsMaxLifetime(token: Pick<VerifiedApiToken, "exp" | "iat">, maxSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const from = token.iat === undefined ? nowSeconds : Math.min(token.iat, nowSeconds);
  return token.exp - from > maxSeconds;
}

// A CI client polls with the same token many times a second; checking its signature once a minute
// instead of on every request is a tenth of an API request's CPU. Only valid tokens are kept, never
// past their expiry, and revocation is still checked per request (lookupToken in authenticate.ts).
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 1_000;
const verified = new Map<string, { token: VerifiedApiToken; until: number }>();
let lastSecret: { secret: string; id: string } | null = null;
const secretId = (secret: string) => (lastSecret?.secret === secret ? lastSecret.id : (lastSecret = { secret, id: hashToken(secret) }).id);

/** Null for anything invalid: wrong algorithm or signature, expired, missing claims, or a share token. */
export async function verifyApiToken(token: string, secret = resolveSecrets().jwt): Promise<VerifiedApiToken | null> {
  const cacheKey = `${secretId(secret)} ${token}`;
  const hit = verified.get(cacheKey);
  if (hit && Date.now() < hit.until) return hit.token;
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: [ALG], requiredClaims: ["sub", "exp"] });
    if (payload.aud !== undefined || typeof payload.sub !== "string" || payload.sub === "" || typeof payload.exp !== "number") return null;
    const result = { sub: payload.sub, exp: payload.exp, jti: typeof payload.jti === "string" ? payload.jti : undefined, iat: typeof payload.iat === "number" ? payload.iat : undefined };
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(cacheKey, { token: result, until: Math.min(Date.now() + VERIFIED_TTL_MS, payload.exp * 1000) });
    return result;
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

// Tokens for one purpose and one scan. The audience keeps them apart from API tokens and from
// each other: verifyApiToken refuses any token with an audience, and each verifier pins its own.
function signScanScoped(audience: string, sub: string, scanId: string, expiresAt: Date): Promise<string> {
  return new SignJWT({ scan: scanId })
    .setProtectedHeader({ alg: ALG })
    .setSubject(sub)
    .setAudience(audience)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(resolveSecrets().jwt));
}

async function verifyScanScoped(audience: string, token: string): Promise<{ sub: string; scanId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(resolveSecrets().jwt), { algorithms: [ALG], audience, requiredClaims: ["sub", "exp"] });
    if (typeof payload.sub !== "string" || typeof payload.scan !== "string") return null;
    return { sub: payload.sub, scanId: payload.scan };
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return null;
    throw err;
  }
}

export function signShareToken(opts: { shareId: string; scanId: string; expiresAt: Date }): Promise<string> {
  return signScanScoped(SHARE_AUDIENCE, opts.shareId, opts.scanId, opts.expiresAt);
}

export async function verifyShareToken(token: string): Promise<{ shareId: string; scanId: string } | null> {
  const claims = await verifyScanScoped(SHARE_AUDIENCE, token);
  return claims && { shareId: claims.sub, scanId: claims.scanId };
}

/**
 * A short-lived token that lets an EventSource (which cannot send headers) follow one scan's
 * stream as its owner. It goes in a URL, so it is good for nothing else and expires in minutes.
 */
export function signStreamToken(opts: { owner: string; scanId: string; expiresAt: Date }): Promise<string> {
  return signScanScoped(STREAM_AUDIENCE, opts.owner, opts.scanId, opts.expiresAt);
}

export async function verifyStreamToken(token: string): Promise<{ owner: string; scanId: string } | null> {
  const claims = await verifyScanScoped(STREAM_AUDIENCE, token);
  return claims && { owner: claims.sub, scanId: claims.scanId };
}

export const newTokenId = (): string => randomUUID();
