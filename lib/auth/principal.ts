/** Who is calling. `id` owns scans: a token's `sub`, the analyst account's email, or an OIDC issuer#subject. */
export interface Principal {
  id: string;
  /** "stream-link": a short-lived signed URL for one scan's event stream (EventSource). */
  via: "token" | "session" | "stream-link";
  /** The API token's jti, when the token was minted through /api/tokens. */
  tokenId?: string;
}

/** Principal ids compare case-insensitively (e-mails), except OIDC ones, whose subject is case-sensitive. */
export function normalizePrincipalId(id: string): string {
  return id.startsWith("oidc:") ? id : id.trim().toLowerCase();
}

/** Marks session tokens issued under the issuer#subject rule for OIDC; older sessions are refused. */
export const SESSION_VERSION = 2;
