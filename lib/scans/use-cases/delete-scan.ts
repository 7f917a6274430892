import "server-only";
import { notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { log } from "@/lib/log";
import { findScanOrThrow, forgetScan } from "./find-scan";
import { forgetReport } from "./get-scan-report";
import { getScanService } from "../queue/service";

/** Deletes the scan, its events, violations and share links (cascade) and its artefacts. A live scan is cancelled first. */
export async function deleteScan(principal: Principal, scanId: string): Promise<void> {
  const scan = await findScanOrThrow(principal, scanId);
  const { store, artifacts, worker } = await getScanService();
  if (scan.status === "queued" || scan.status === "running") await worker.cancel(scan);
  if (!(await store.deleteScan(scan.id, principal.id))) throw notFound();
  forgetReport(scan.id);
  forgetScan(scan.id);
  await artifacts.remove(scan.id);
  log.info("scan deleted", { scan_id: scan.id, owner: principal.id });
}
