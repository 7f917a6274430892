import { withAuth } from "@/lib/api/with-auth";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/status/{scan_id} – status, phase, per-agent progress, queue position
export const GET = withAuth<{ scanId: string }>(async ({ params, principal }) => {
  return Response.json(await getScanStatus(principal, params.scanId), { headers: { "Cache-Control": "no-store" } });
});
