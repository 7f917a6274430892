export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/health – liveness for load balancers, no auth. Deliberately touches no database:
// a slow store must not get a healthy container killed.
export function GET() {
  return Response.json({ status: "ok", service: "apo", time: new Date().toISOString() }, { headers: { "Cache-Control": "no-store" } });
}
