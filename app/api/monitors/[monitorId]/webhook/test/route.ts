import { withAuth } from "@/lib/api/with-auth";
import { sendTestEvent } from "@/lib/monitors/use-cases/send-test-event";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/monitors/{monitor_id}/webhook/test – send a signed monitor.test event now
export const POST = withAuth<{ monitorId: string }>(async ({ params, principal }) => {
  return Response.json(await sendTestEvent(principal, params.monitorId), { status: 202 });
});
