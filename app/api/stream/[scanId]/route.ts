import { lastEventIdOf, sseResponse } from "@/lib/api/sse";
import { withAuth } from "@/lib/api/with-auth";
import { authenticateStream } from "@/lib/auth/authenticate";
import { findScanOrThrow } from "@/lib/scans/find-scan";
import { getScanService } from "@/lib/scans/service";
import { watchScanEvents } from "@/lib/scans/watch-scan-events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/stream/{scan_id} – the agent log as Server-Sent Events, resumable with Last-Event-ID.
// Bearer token, session cookie, or ?stream_token= from POST /api/scans/{scan_id}/stream-link.
export const GET = withAuth<{ scanId: string }>(
  async ({ req, params, principal }) => {
    const scan = await findScanOrThrow(principal, params.scanId);
    const service = await getScanService();
    return sseResponse(req, (signal) => watchScanEvents(service, scan.id, lastEventIdOf(req), signal));
  },
  { authenticate: (req, params) => authenticateStream(req, params.scanId) },
);
