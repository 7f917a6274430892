import { withAuth } from "@/lib/api/with-auth";
import { authenticateDownload } from "@/lib/auth/authenticate";
import { resolveDownload } from "@/lib/scans/use-cases/resolve-download";
import { artifactResponse } from "@/lib/scans/use-cases/read-artifact";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/download/evidence_report.json[?scan_id=] and /api/download/{scan_id}/{file} – one artefact.
// Bearer token, session cookie, or ?token= when the operator allows it (APO_ACCEPT_QUERY_TOKENS).
export const GET = withAuth<{ path: string[] }>(
  async ({ req, params, principal }) => {
    const file = await resolveDownload(principal, params.path, req.nextUrl.searchParams.get("scan_id"));
    return artifactResponse(file, "attachment");
  },
  { authenticate: authenticateDownload },
);
