import { readJsonBody } from "@/lib/api/read-json";
import { withAuth } from "@/lib/api/with-auth";
import { parseMonitorCreate } from "@/lib/monitors/monitor-request";
import { createMonitor } from "@/lib/monitors/use-cases/create-monitor";
import { listMonitors } from "@/lib/monitors/use-cases/list-monitors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/monitors – the caller's monitors, newest first, with last run and trend
export const GET = withAuth(async ({ principal }) => {
  return Response.json(await listMonitors(principal), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/monitors – create a monitor; the webhook secret is in this response only
export const POST = withAuth(async ({ req, principal }) => {
  const created = await createMonitor(principal, parseMonitorCreate(await readJsonBody(req)));
  return Response.json(created, { status: 201, headers: { Location: `/api/monitors/${created.monitor_id}`, "Cache-Control": "no-store" } });
});
