import { withAuth } from "@/lib/api/with-auth";
import { deleteScan } from "@/lib/scans/use-cases/delete-scan";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/scans/{scan_id} – one scan's status (same body as /api/status/{scan_id})
export const GET = withAuth<{ scanId: string }>(async ({ params, principal }) => {
  return Response.json(await getScanStatus(principal, params.scanId), { headers: { "Cache-Control": "no-store" } });
});

// DELETE /api/scans/{scan_id} – delete a scan, its events, artefacts and share links
export const DELETE = withAuth<{ scanId: string }>(async ({ params, principal }) => {
  await deleteScan(principal, params.scanId);
  return Response.json({ scan_id: params.scanId, deleted: true });
});
