import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import type { ScanRecord } from "@/lib/store/types";
import { findScanOrThrow } from "./find-scan";
import { getScanService } from "../queue/service";

// A finished report never changes: keep a few serialised copies so hot reads skip the database.
const MAX_CACHED = 32;
const cache = new Map<string, string>();

export function forgetReport(scanId: string): void {
  cache.delete(scanId);
}

/** The report JSON text of a complete scan; 425 while it is still queued or running. */
export async function readReportJson(scan: ScanRecord): Promise<string> {
  if (scan.status === "queued" || scan.status === "running") {
    throw new ApiError("too_early", `Scan is ${scan.status}; the report is not ready yet`, { "Retry-After": "5" });
  }
  if (scan.status !== "complete") {
    throw new ApiError("conflict", `Scan ended with status ${scan.status}${scan.error ? `: ${scan.error.message}` : ""}; there is no report`);
  }
  const hit = cache.get(scan.id);
  if (hit) return hit;
  const { store } = await getScanService();
  const report = await store.getReport(scan.id);
  if (report === null || report === undefined) throw new ApiError("not_found", "This scan has no stored report");
  const text = JSON.stringify(report);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(scan.id, text);
  return text;
}

export async function getScanReport(principal: Principal, scanId: string): Promise<string> {
  return readReportJson(await findScanOrThrow(principal, scanId));
}
