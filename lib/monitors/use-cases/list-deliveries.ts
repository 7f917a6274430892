import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { getScanService } from "@/lib/scans/queue/service";
import { WebhookDeliveryListSchema, type WebhookDelivery } from "@/lib/schemas/monitor";
import type { DeliveryRecord } from "@/lib/store/types";
import { ownedMonitorOrThrow } from "./owned-monitor";

export const DELIVERY_LOG_LIMIT = 50;

export function toDeliveryView(d: DeliveryRecord): WebhookDelivery {
  return {
    delivery_id: d.id,
    monitor_id: d.monitorId,
    scan_id: d.scanId,
    event_type: d.eventType as WebhookDelivery["event_type"],
    status: d.status,
    attempts: d.attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), response_status: a.responseStatus, error: a.error, duration_ms: a.durationMs })),
    // Only a pending delivery has a next attempt (the store keeps the last lease time otherwise).
    next_attempt_at: d.status === "pending" && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  };
}

/** The monitor's webhook delivery log, newest first, each delivery with its attempts. */
export async function listMonitorDeliveries(principal: Principal, monitorId: string, limit = DELIVERY_LOG_LIMIT): Promise<{ deliveries: WebhookDelivery[] }> {
  const { store } = await getScanService();
  const monitor = await ownedMonitorOrThrow(store, principal, monitorId);
  const deliveries = await store.listDeliveries(monitor.id, limit);
  return WebhookDeliveryListSchema.parse({ deliveries: deliveries.map(toDeliveryView) });
}
