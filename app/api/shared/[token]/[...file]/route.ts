import { withErrors } from "@/lib/api/with-auth";
import { artifactResponse, readArtifact } from "@/lib/scans/use-cases/read-artifact";
import { openSharedScan } from "@/lib/scans/use-cases/share-scan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/shared/{token}/{file} – one artefact of a shared scan (HTML and images inline, the rest as downloads)
export const GET = withErrors<{ token: string; file: string[] }>(async ({ params }) => {
  const scan = await openSharedScan(params.token);
  const file = await readArtifact(scan, params.file.join("/"));
  const inline = file.contentType.startsWith("text/html") || file.contentType.startsWith("image/");
  return artifactResponse(file, inline ? "inline" : "attachment");
});
