import { withAuth } from "@/lib/api/with-auth";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/scans/{scan_id}/cancel – stop a queued or running scan
export const POST = withAuth<{ scanId: string }>(async ({ params, principal }) => {
  const status = await cancelScan(principal, params.scanId);
  return Response.json({ scan_id: params.scanId, status });
});
