import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { ScanList } from "@/lib/schemas/api";
import { toListItem } from "./scan-view";
import { getScanService } from "../queue/service";

export async function listScans(principal: Principal, limit: number, offset: number): Promise<ScanList> {
  const { store, worker } = await getScanService();
  const page = await store.listScans(principal.id, limit, offset);
  return { scans: page.items.map((s) => toListItem(s, worker.liveState(s.id))), total: page.total, limit, offset };
}
