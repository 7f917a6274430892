import { publicUrl } from "@/lib/api/public-url";
import { readJsonBody } from "@/lib/api/read-json";
import { withAuth } from "@/lib/api/with-auth";
import { createStreamLink } from "@/lib/scans/use-cases/stream-link";
import { StreamLinkRequestSchema } from "@/lib/schemas/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/scans/{scan_id}/stream-link – a short-lived signed URL for EventSource clients
export const POST = withAuth<{ scanId: string }>(async ({ req, params, principal }) => {
  const { expires_in_seconds } = StreamLinkRequestSchema.parse(await readJsonBody(req));
  const link = await createStreamLink(principal, params.scanId, expires_in_seconds);
  return Response.json({ ...link, url: publicUrl(req, link.url) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
