import { withAuth } from "@/lib/api/with-auth";
import { listMonitorRuns, MonitorRunsQuerySchema } from "@/lib/monitors/use-cases/list-monitor-runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/monitors/{monitor_id}/runs – the monitor's runs, newest first, with each diff
export const GET = withAuth<{ monitorId: string }>(async ({ req, params, principal }) => {
  const { limit } = MonitorRunsQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listMonitorRuns(principal, params.monitorId, limit), { headers: { "Cache-Control": "no-store" } });
});
