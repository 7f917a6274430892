import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { getScanService } from "@/lib/scans/queue/service";
import type { TokenView } from "@/lib/schemas/api";
import type { TokenRecord } from "@/lib/store/types";
import { hashToken, newTokenId, signApiToken } from "./api-token";
import { forgetToken } from "./authenticate";
import type { Principal } from "./principal";

const toView = (t: TokenRecord): TokenView => ({
  id: t.id,
  name: t.name,
  created_at: t.createdAt.toISOString(),
  expires_at: t.expiresAt.toISOString(),
  revoked_at: t.revokedAt?.toISOString() ?? null,
  last_used_at: t.lastUsedAt?.toISOString() ?? null,
});

export function assertMayMintTokens(principal: Principal): void {
  if (principal.via !== "session") {
    throw new ApiError("forbidden", "API tokens are created from a signed-in browser session (the Tokens page), not with an API token");
  }
}

/**
 * Mints a revocable token; the token text is returned this once and only its hash is kept. Only a
 * signed-in person may: a token that could mint tokens would outlive its own revocation and expiry.
 */
export async function createApiToken(principal: Principal, name: string, days: number): Promise<TokenView & { token: string }> {
  assertMayMintTokens(principal);
  const maxDays = getEnv().APO_TOKEN_MAX_TTL_DAYS;
  if (days > maxDays) throw new ApiError("validation_error", `expires_in_days: at most ${maxDays} days on this server (APO_TOKEN_MAX_TTL_DAYS)`);
  const { store } = await getScanService();
  const id = newTokenId();
  const ttlSeconds = days * 86_400;
  const token = await signApiToken({ sub: principal.id, ttlSeconds, jti: id });
  const record = await store.createToken({ id, owner: principal.id, name, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
  return { ...toView(record), token };
}

export async function listApiTokens(principal: Principal): Promise<TokenView[]> {
  const { store } = await getScanService();
  return (await store.listTokens(principal.id)).map(toView);
}

export async function revokeApiToken(principal: Principal, id: string): Promise<void> {
  const { store } = await getScanService();
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await store.revokeToken(id, principal.id))) throw notFound("Token");
  forgetToken(id);
}
