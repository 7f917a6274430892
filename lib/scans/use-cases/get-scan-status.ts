import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { ScanStatusView } from "@/lib/schemas/api";
import { findScanOrThrow } from "./find-scan";
import { toStatusView } from "./scan-view";
import { getScanService } from "../queue/service";

export async function getScanStatus(principal: Principal, scanId: string): Promise<ScanStatusView> {
  const scan = await findScanOrThrow(principal, scanId);
  const { store, worker } = await getScanService();
  const position = scan.status === "queued" ? await store.queuePosition(scan.id) : null;
  return toStatusView(scan, worker.liveState(scan.id), position);
}
