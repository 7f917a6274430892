import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { ApiError } from "@/lib/api/errors";
import { getScanService } from "@/lib/scans/queue/service";
import { getEnv } from "@/lib/env";
import { exceedsMaxLifetime, hashToken, verifyApiToken, verifyStreamToken } from "./api-token";
import { normalizePrincipalId, SESSION_VERSION, type Principal } from "./principal";
import { resolveSecrets } from "./secret";
import { timingSafeEqual } from "node:crypto";
import type { TokenRecord } from "@/lib/store/types";

// Revocations made in this process clear the cache at once; other containers see them within TTL.
const TOKEN_CACHE_TTL_MS = 5_000;
const tokenCache = new Map<string, { record: TokenRecord | null; at: number }>();
const lastUseWritten = new Map<string, number>();

export function forgetToken(id: string): void {
  tokenCache.delete(id);
}

async function lookupToken(id: string): Promise<TokenRecord | null> {
  const hit = tokenCache.get(id);
  if (hit && Date.now() - hit.at < TOKEN_CACHE_TTL_MS) return hit.record;
  const { store } = await getScanService();
  const record = await store.getToken(id);
  tokenCache.set(id, { record, at: Date.now() });
  return record;
}

const unauthorized = (message: string) => new ApiError("unauthorized", message, { "WWW-Authenticate": 'Bearer realm="apo"' });

async function fromBearer(token: string): Promise<Principal> {
  const verified = await verifyApiToken(token);
  if (!verified) throw unauthorized("Invalid or expired token");
  const maxDays = getEnv().APO_TOKEN_MAX_TTL_DAYS;
  if (exceedsMaxLifetime(verified, maxDays * 86_400)) throw unauthorized(`Token lives longer than this server allows (${maxDays} days, APO_TOKEN_MAX_TTL_DAYS)`);
  // Principal ids are case-insensitive (emails): a token for Analyst@x owns analyst@x's scans.
  const sub = normalizePrincipalId(verified.sub);
  if (!verified.jti) return { id: sub, via: "token" };
  const record = await lookupToken(verified.jti);
  const hashOk = record ? timingSafeEqual(Buffer.from(record.tokenHash, "hex"), Buffer.from(hashToken(token), "hex")) : false;
  if (!record || !hashOk || record.owner !== sub || record.revokedAt || record.expiresAt.getTime() <= Date.now()) {
    throw unauthorized("Token revoked or unknown");
  }
  const last = lastUseWritten.get(record.id) ?? 0;
  if (Date.now() - last > 60_000) {
    lastUseWritten.set(record.id, Date.now());
    void getScanService().then((s) => s.store.touchToken(record.id)).catch(() => undefined);
  }
  return { id: sub, via: "token", tokenId: record.id };
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/** `Origin: null` (sandboxed frames, some redirects) or anything unparsable is not our origin. */
function isSameOrigin(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Bearer token first; otherwise the next-auth session cookie. Throws 401 when neither holds. */
export async function authenticate(req: NextRequest): Promise<Principal> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw unauthorized("Authorization header must be 'Bearer <token>'");
    return fromBearer(match[1]);
  }
  if (SESSION_COOKIE.test(req.headers.get("cookie") ?? "")) {
    const jwt = await getToken({ req, secret: resolveSecrets().nextAuth, secureCookie: req.nextUrl.protocol === "https:" });
    // Sessions from before principals were tied to the OIDC issuer and subject are not honoured.
    if (jwt?.sub && jwt.apo === SESSION_VERSION) {
      // Cookie-authenticated writes must come from our own pages (SameSite=Lax covers most of it).
      const origin = req.headers.get("origin");
      if (req.method !== "GET" && req.method !== "HEAD" && origin !== null && !isSameOrigin(origin, req.headers.get("host"))) {
        throw new ApiError("forbidden", "Cross-origin request refused");
      }
      return { id: normalizePrincipalId(jwt.sub), via: "session" };
    }
  }
  throw unauthorized("Authentication required: send 'Authorization: Bearer <token>' or sign in");
}

/** The query parameter that carries a stream link's token (see lib/scans/use-cases/stream-link.ts). */
export const STREAM_TOKEN_PARAM = "stream_token";
/** The query parameter that carries an API token, where the operator allows it (APO_ACCEPT_QUERY_TOKENS). */
export const QUERY_TOKEN_PARAM = "token";

const STREAM_INSTEAD = "for an EventSource, get a stream link from POST /api/scans/{scan_id}/stream-link (it opens this one stream for minutes)";
const DOWNLOAD_INSTEAD = "send 'Authorization: Bearer <token>', or share the report with a link from POST /api/scans/{scan_id}/share";

/**
 * `?token=<API token>` on a GET, taken as if it were the bearer header (same verification,
 * revocation and lifetime cap) when APO_ACCEPT_QUERY_TOKENS=true. Null when the URL has none. While
 * the switch is off a query token is refused, not ignored, with what to do instead.
 */
async function fromQueryToken(req: NextRequest, instead: string): Promise<Principal | null> {
  const token = req.nextUrl.searchParams.get(QUERY_TOKEN_PARAM);
  if (token === null) return null;
  if (!getEnv().APO_ACCEPT_QUERY_TOKENS) throw unauthorized(`API tokens are not accepted in URLs on this server: ${instead}`);
  if (req.method !== "GET" && req.method !== "HEAD") throw unauthorized("An API token in the URL is accepted on GET requests only");
  if (req.headers.get("authorization") !== null) throw unauthorized("Send the API token in the Authorization header or as ?token=, not both");
  return fromBearer(token);
}

/**
 * GET /api/stream/{scan_id}: a signed stream link in the URL (EventSource cannot send headers),
 * otherwise the usual header or cookie. A link that is present but bad is refused outright rather
 * than falling back, so a client learns that its link expired. `?token=` as fromQueryToken says.
 */
export async function authenticateStream(req: NextRequest, scanId: string): Promise<Principal> {
  const streamToken = req.nextUrl.searchParams.get(STREAM_TOKEN_PARAM);
  if (streamToken === null) return (await fromQueryToken(req, STREAM_INSTEAD)) ?? authenticate(req);
  if (req.nextUrl.searchParams.has(QUERY_TOKEN_PARAM)) throw unauthorized("Send a stream link or an API token, not both");
  const claims = await verifyStreamToken(streamToken);
  if (!claims) throw unauthorized("Stream link invalid or expired: get a new one from POST /api/scans/{scan_id}/stream-link");
  if (claims.scanId !== scanId) throw unauthorized("This stream link is for another scan");
  return { id: claims.owner, via: "stream-link" };
}

/** GET /api/download/…: the header or cookie, or `?token=` as fromQueryToken says (download links). */
export async function authenticateDownload(req: NextRequest): Promise<Principal> {
  return (await fromQueryToken(req, DOWNLOAD_INSTEAD)) ?? authenticate(req);
}
