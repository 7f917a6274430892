/** Who is calling. `id` owns scans: a token's `sub`, or the signed-in user's email. */
export interface Principal {
  id: string;
  via: "token" | "session";
  /** The API token's jti, when the token was minted through /api/tokens. */
  tokenId?: string;
}
