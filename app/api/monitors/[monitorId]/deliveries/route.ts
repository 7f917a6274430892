import { withAuth } from "@/lib/api/with-auth";
import { listMonitorDeliveries } from "@/lib/monitors/use-cases/list-deliveries";
import { DeliveryListQuerySchema } from "@/lib/schemas/webhook-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/monitors/{monitor_id}/deliveries – the webhook delivery log, newest first, with attempts
export const GET = withAuth<{ monitorId: string }>(async ({ req, params, principal }) => {
  const { limit } = DeliveryListQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json(await listMonitorDeliveries(principal, params.monitorId, limit));
});
