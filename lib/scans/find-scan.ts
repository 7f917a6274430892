import "server-only";
import { notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { ScanIdSchema } from "@/lib/schemas/api";
import type { ScanRecord } from "@/lib/store/types";
import { getScanService } from "./service";

/** The caller's scan or 404: someone else's scan and a malformed id look exactly like a missing one. */
export async function findScanOrThrow(principal: Principal, scanId: string): Promise<ScanRecord> {
  if (!ScanIdSchema.safeParse(scanId).success) throw notFound();
  const { store } = await getScanService();
  const scan = await store.getScan(scanId, principal.id);
  if (!scan) throw notFound();
  return scan;
}
