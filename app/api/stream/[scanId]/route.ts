import { lastEventIdOf, sseResponse } from "@/lib/api/sse";
import { withAuth } from "@/lib/api/with-auth";
import { findScanOrThrow } from "@/lib/scans/find-scan";
import { getScanService } from "@/lib/scans/service";
import { watchScanEvents } from "@/lib/scans/watch-scan-events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/stream/{scan_id} – the agent log as Server-Sent Events, resumable with Last-Event-ID
export const GET = withAuth<{ scanId: string }>(async ({ req, params, principal }) => {
  const scan = await findScanOrThrow(principal, params.scanId);
  const service = await getScanService();
  return sseResponse(req, (signal) => watchScanEvents(service, scan.id, lastEventIdOf(req), signal));
});
