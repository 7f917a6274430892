export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/health – liveness for load balancers, no auth
export function GET() {
  return Response.json({ status: "ok", service: "apo", time: new Date().toISOString() });
}
