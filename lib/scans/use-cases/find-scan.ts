import "server-only";
import { notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { ScanIdSchema } from "@/lib/schemas/api";
import { finalStatuses, type ScanRecord } from "@/lib/store/types";
import { getScanService } from "../queue/service";

// Finished scans change only by deletion: a short cache keeps hot status/results reads off the
// database (deletes here evict at once; another container's delete shows within the TTL).
const FINAL_TTL_MS = 5_000;
const finalCache = new Map<string, { scan: ScanRecord; at: number }>();

export function forgetScan(scanId: string): void {
  finalCache.delete(scanId);
}

/** The caller's scan or 404: someone else's scan and a malformed id look exactly like a missing one. */
export async function findScanOrThrow(principal: Principal, scanId: string): Promise<ScanRecord> {
  if (!ScanIdSchema.safeParse(scanId).success) throw notFound();
  const hit = finalCache.get(scanId);
  if (hit && Date.now() - hit.at < FINAL_TTL_MS) {
    if (hit.scan.owner !== principal.id) throw notFound();
    return hit.scan;
  }
  const { store } = await getScanService();
  const scan = await store.getScan(scanId, principal.id);
  if (!scan) throw notFound();
  if (finalStatuses.includes(scan.status)) {
    if (finalCache.size > 1000) finalCache.clear();
    finalCache.set(scanId, { scan, at: Date.now() });
  }
  return scan;
}
