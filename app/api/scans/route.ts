import { withAuth } from "@/lib/api/with-auth";
import { listScans } from "@/lib/scans/use-cases/list-scans";
import { ScanListQuerySchema } from "@/lib/schemas/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/scans – the caller's scan history, newest first, paged with limit/offset
export const GET = withAuth(async ({ req, principal }) => {
  const { limit, offset } = ScanListQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listScans(principal, limit, offset), { headers: { "Cache-Control": "no-store" } });
});
