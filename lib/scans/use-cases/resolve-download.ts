import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { BUNDLE_FILE, bundleDownload } from "./bundle-download";
import { findScanOrThrow } from "./find-scan";
import { readArtifact, type ArtifactFile } from "./read-artifact";
import { reportCsvDownload, reportCsvKindOf } from "./report-csv-download";
import { getScanService } from "../queue/service";

/**
 * `[evidence_report.json]` → the caller's latest complete report (or `?scan_id=`'s);
 * `[scan_id, violations.csv | cookies.csv | trackers.csv]` → a table of its report as CSV;
 * `[scan_id, bundle.zip]` → every artefact with the signed manifest (lib/evidence);
 * `[scan_id, ...file]` → that scan's artefact.
 */
export async function resolveDownload(principal: Principal, path: string[], scanIdParam: string | null): Promise<ArtifactFile> {
  if (path.length === 1 && path[0] === "evidence_report.json") {
    if (scanIdParam) return readArtifact(await findScanOrThrow(principal, scanIdParam), "evidence_report.json");
    const { store } = await getScanService();
    const latest = await store.latestCompletedScan(principal.id);
    if (!latest) throw new ApiError("not_found", "No completed scan yet");
    return readArtifact(latest, "evidence_report.json");
  }
  const [scanId, ...rest] = path;
  if (!scanId || rest.length === 0) throw notFound("Artefact");
  const scan = await findScanOrThrow(principal, scanId);
  const csv = rest.length === 1 ? reportCsvKindOf(rest[0]!) : null;
  if (csv) return reportCsvDownload(scan, csv);
  if (rest.length === 1 && rest[0] === BUNDLE_FILE) return bundleDownload(scan);
  return readArtifact(scan, rest.join("/"));
}
