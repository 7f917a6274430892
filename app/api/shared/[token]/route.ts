import { publicUrl } from "@/lib/api/public-url";
import { withErrors } from "@/lib/api/with-auth";
import { renderSharedIndex } from "@/lib/scans/use-cases/render-shared-index";
import { openSharedScan } from "@/lib/scans/use-cases/share-scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/shared/{token} – the shared report: its HTML when there is one, else an index of downloads
export const GET = withErrors<{ token: string }>(async ({ req, params }) => {
  const scan = await openSharedScan(params.token);
  const base = `/api/shared/${params.token}`;
  if (scan.artifacts.some((a) => a.file === "evidence_report.html")) {
    return new Response(null, { status: 303, headers: { Location: `${base}/evidence_report.html`, "Cache-Control": "no-store" } });
  }
  return new Response(renderSharedIndex(scan, base, publicUrl(req, "/og-report.png")), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
});
