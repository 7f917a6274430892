export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /health – the same liveness answer as GET /api/health, at the path load balancers and
// existing clients probe. Public: proxy.ts neither redirects it to sign-in nor gives it a page's CSP.
export { GET } from "@/app/api/health/route";
