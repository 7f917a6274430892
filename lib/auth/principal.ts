/** Who is calling. `id` owns scans: a token's `sub`, or the signed-in user's email. */
export interface Principal {
  id: string;
  /** "stream-link": a short-lived signed URL for one scan's event stream (EventSource). */
  via: "token" | "session" | "stream-link";
  /** The API token's jti, when the token was minted through /api/tokens. */
  tokenId?: string;
}
