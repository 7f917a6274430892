import "server-only";
import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import type { MonitorRecord, Store } from "@/lib/store/types";

const MonitorIdSchema = z.uuid();

/** The caller's monitor or 404: someone else's monitor and a malformed id look exactly like a missing one. */
export async function ownedMonitorOrThrow(store: Store, principal: Principal, monitorId: string): Promise<MonitorRecord> {
  if (!MonitorIdSchema.safeParse(monitorId).success) throw notFound("Monitor");
  const monitor = await store.getMonitor(monitorId, principal.id);
  if (!monitor) throw notFound("Monitor");
  return monitor;
}
