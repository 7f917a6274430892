import { withAuth } from "@/lib/api/with-auth";
import { getScanReport } from "@/lib/scans/use-cases/get-scan-report";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/results/{scan_id} – the evidence report (425 while the scan runs)
export const GET = withAuth<{ scanId: string }>(async ({ params, principal }) => {
  const json = await getScanReport(principal, params.scanId);
  return new Response(json, { headers: { "Content-Type": "application/json", "Cache-Control": "private, no-store" } });
});
