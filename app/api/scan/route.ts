import { readJsonBody } from "@/lib/api/read-json";
import { enforceRateLimit } from "@/lib/api/rate-limit";
import { withAuth } from "@/lib/api/with-auth";
import { getEnv } from "@/lib/env";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/scan – queue a scan; returns at once with its id
export const POST = withAuth(async ({ req, principal }) => {
  enforceRateLimit(`scan:${principal.id}`, getEnv().APO_RATE_LIMIT_PER_MINUTE);
  const request = ScanRequestSchema.parse(await readJsonBody(req));
  const created = await createScan(principal, request);
  return Response.json(created, { status: 202, headers: { Location: created.status_url } });
});
