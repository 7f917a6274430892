import { serviceReadiness } from "@/lib/readiness/service-readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/ready – readiness for the load balancer's target group, no auth: 200 when the store
// answers and the browser can start, 503 naming the failed check, and 503 once SIGTERM started
// the drain. GET /api/health stays liveness (no database), so a slow store takes a task out of
// the target group without getting it killed.
export async function GET() {
  const { httpStatus, body } = await serviceReadiness();
  return Response.json(body, { status: httpStatus, headers: { "Cache-Control": "no-store" } });
}
