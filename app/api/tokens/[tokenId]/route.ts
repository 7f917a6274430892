import { withAuth } from "@/lib/api/with-auth";
import { revokeApiToken } from "@/lib/auth/manage-tokens";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// DELETE /api/tokens/{token_id} – revoke a token
export const DELETE = withAuth<{ tokenId: string }>(async ({ params, principal }) => {
  await revokeApiToken(principal, params.tokenId);
  return Response.json({ id: params.tokenId, revoked: true });
});
