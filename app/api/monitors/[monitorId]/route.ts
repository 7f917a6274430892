import { readJsonBody } from "@/lib/api/read-json";
import { withAuth } from "@/lib/api/with-auth";
import { parseMonitorPatch } from "@/lib/monitors/monitor-request";
import { deleteMonitor } from "@/lib/monitors/use-cases/delete-monitor";
import { getMonitor } from "@/lib/monitors/use-cases/list-monitors";
import { updateMonitor } from "@/lib/monitors/use-cases/update-monitor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { monitorId: string };

// GET /api/monitors/{monitor_id} – one monitor
export const GET = withAuth<Params>(async ({ params, principal }) => {
  return Response.json(await getMonitor(principal, params.monitorId), { headers: { "Cache-Control": "no-store" } });
});

// PATCH /api/monitors/{monitor_id} – change fields, pause/resume ({enabled}), remove or rotate the webhook secret
export const PATCH = withAuth<Params>(async ({ req, params, principal }) => {
  const updated = await updateMonitor(principal, params.monitorId, parseMonitorPatch(await readJsonBody(req)));
  return Response.json(updated, { headers: { "Cache-Control": "no-store" } });
});

// DELETE /api/monitors/{monitor_id} – delete the monitor (its runs' scans stay in the history)
export const DELETE = withAuth<Params>(async ({ params, principal }) => {
  await deleteMonitor(principal, params.monitorId);
  return Response.json({ monitor_id: params.monitorId, deleted: true });
});
