import { lastEventIdOf, sseResponse } from "@/lib/api/sse";
import { acquireStreamSlot } from "@/lib/api/stream-slots";
import { withAuth } from "@/lib/api/with-auth";
import { authenticateStream } from "@/lib/auth/authenticate";
import { getEnv } from "@/lib/env";
import { findScanOrThrow } from "@/lib/scans/use-cases/find-scan";
import { getScanService } from "@/lib/scans/queue/service";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/stream/{scan_id} – the agent log as Server-Sent Events, resumable with Last-Event-ID.
// Bearer token, session cookie, ?stream_token= from POST /api/scans/{scan_id}/stream-link, or
// ?token= when the operator allows it (APO_ACCEPT_QUERY_TOKENS).
export const GET = withAuth<{ scanId: string }>(
  async ({ req, params, principal }) => {
    const scan = await findScanOrThrow(principal, params.scanId);
    const service = await getScanService();
    // At most APO_MAX_STREAMS_PER_PRINCIPAL open at once (429 past it); the stream's end frees the slot.
    const release = acquireStreamSlot(principal.id, getEnv().APO_MAX_STREAMS_PER_PRINCIPAL);
    return sseResponse(req, (signal) => watchScanEvents(service, scan.id, lastEventIdOf(req), signal), { onClose: release });
  },
  { authenticate: (req, params) => authenticateStream(req, params.scanId) },
);
