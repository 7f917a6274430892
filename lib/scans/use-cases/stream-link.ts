import "server-only";
import { signStreamToken } from "@/lib/auth/api-token";
import { STREAM_TOKEN_PARAM } from "@/lib/auth/authenticate";
import type { Principal } from "@/lib/auth/principal";
import { findScanOrThrow } from "./find-scan";

/**
 * A URL an EventSource can open without headers: the scan's stream with a token that is good
 * for this scan's stream only, and only for minutes (URLs end up in proxy logs and histories).
 * An EventSource that reconnects after it expired gets 401 and needs a fresh link.
 */
export async function createStreamLink(principal: Principal, scanId: string, seconds: number): Promise<{ url: string; expires_at: string }> {
  const scan = await findScanOrThrow(principal, scanId);
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = await signStreamToken({ owner: principal.id, scanId: scan.id, expiresAt });
  return { url: `/api/stream/${scan.id}?${STREAM_TOKEN_PARAM}=${token}`, expires_at: expiresAt.toISOString() };
}
