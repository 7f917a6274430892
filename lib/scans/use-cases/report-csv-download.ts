import "server-only";
import { reportCsv, reportCsvKinds, type ReportCsvKind } from "@/lib/exports/report-csv";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import type { ScanRecord } from "@/lib/store/types";
import { readReportJson } from "./get-scan-report";
import type { ArtifactFile } from "./read-artifact";

/** `violations.csv` → `violations`; anything else is not a CSV export. */
export function reportCsvKindOf(file: string): ReportCsvKind | null {
  const kind = /^([a-z]+)\.csv$/.exec(file)?.[1];
  return reportCsvKinds.find((k) => k === kind) ?? null;
}

/**
 * A table of the scan's stored report as CSV, generated on request (the report is the single
 * source; nothing is written). Statuses as for the report: 425 while queued or running, 409 for a
 * scan that ended without one. Named `<host>-<scan_id>-<kind>.csv` so a folder of exports sorts.
 */
export async function reportCsvDownload(scan: ScanRecord, kind: ReportCsvKind): Promise<ArtifactFile> {
  const report = EvidenceReportSchema.parse(JSON.parse(await readReportJson(scan)));
  const body = reportCsv(report, kind);
  return { body, bytes: Buffer.byteLength(body), contentType: "text/csv; charset=utf-8", file: `${hostOf(scan.url)}-${scan.id}-${kind}.csv` };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "site";
  } catch {
    return "site";
  }
}
