import { readJsonBody } from "@/lib/api/read-json";
import { withAuth } from "@/lib/api/with-auth";
import { assertMayMintTokens, createApiToken, listApiTokens } from "@/lib/auth/manage-tokens";
import { TokenCreateSchema } from "@/lib/schemas/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/tokens – mint a revocable API token (shown once); browser sessions only
export const POST = withAuth(async ({ req, principal }) => {
  assertMayMintTokens(principal);
  const { name, expires_in_days } = TokenCreateSchema.parse(await readJsonBody(req));
  return Response.json(await createApiToken(principal, name, expires_in_days), { status: 201, headers: { "Cache-Control": "no-store" } });
});

// GET /api/tokens – the caller's tokens (never the token text)
export const GET = withAuth(async ({ principal }) => {
  return Response.json({ tokens: await listApiTokens(principal) });
});
