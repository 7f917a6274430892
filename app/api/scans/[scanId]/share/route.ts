import { publicUrl } from "@/lib/api/public-url";
import { readJsonBody } from "@/lib/api/read-json";
import { withAuth } from "@/lib/api/with-auth";
import { createShareLink } from "@/lib/scans/use-cases/share-scan";
import { ShareRequestSchema } from "@/lib/schemas/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/scans/{scan_id}/share – a signed, expiring link to the report, no account needed
export const POST = withAuth<{ scanId: string }>(async ({ req, params, principal }) => {
  const { expires_in_hours } = ShareRequestSchema.parse(await readJsonBody(req));
  const share = await createShareLink(principal, params.scanId, expires_in_hours);
  return Response.json({ ...share, url: publicUrl(req, share.url) }, { status: 201 });
});
