import { enforceRateLimit } from "@/lib/api/rate-limit";
import { withAuth } from "@/lib/api/with-auth";
import { getEnv } from "@/lib/env";
import { runMonitorNow } from "@/lib/monitors/use-cases/run-monitor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/monitors/{monitor_id}/run – start a run now (an ordinary scan); 409 while one is in progress
export const POST = withAuth<{ monitorId: string }>(async ({ params, principal }) => {
  // The same per-minute budget as POST /api/scan: a run is a scan.
  enforceRateLimit(`scan:${principal.id}`, getEnv().APO_RATE_LIMIT_PER_MINUTE);
  const started = await runMonitorNow(principal, params.monitorId);
  return Response.json(started, { status: 202, headers: { Location: `/api/status/${started.scan_id}` } });
});
