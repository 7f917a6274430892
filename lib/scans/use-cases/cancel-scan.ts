import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { ScanStatus } from "@/lib/store/types";
import { findScanOrThrow } from "./find-scan";
import { getScanService } from "../queue/service";

/** Idempotent: a finished scan keeps its status. */
export async function cancelScan(principal: Principal, scanId: string): Promise<ScanStatus> {
  const scan = await findScanOrThrow(principal, scanId);
  if (scan.status !== "queued" && scan.status !== "running") return scan.status;
  const { worker } = await getScanService();
  return worker.cancel(scan);
}
