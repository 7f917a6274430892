import "server-only";
import { randomUUID } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { log, describeError } from "@/lib/log";
import { getScanService } from "@/lib/scans/queue/service";
import { buildTestPayload } from "../webhook-payload";
import { sendDueDeliveries } from "../webhook-dispatcher";
import { ownedMonitorOrThrow } from "./owned-monitor";

/**
 * Queues a `monitor.test` event like any delivery (signed, retried, logged) and starts sending
 * at once instead of waiting for the next tick; the caller follows it in the delivery log.
 */
export async function sendTestEvent(principal: Principal, monitorId: string): Promise<{ delivery_id: string }> {
  const { store } = await getScanService();
  const monitor = await ownedMonitorOrThrow(store, principal, monitorId);
  if (!monitor.webhookUrl) throw new ApiError("conflict", "This monitor has no webhook_url: set one with PATCH /api/monitors/{monitor_id} first");
  const deliveryId = randomUUID();
  const payload = buildTestPayload({ deliveryId, monitor: { id: monitor.id, name: monitor.name, url: monitor.url } });
  await store.enqueueDelivery({ id: deliveryId, monitorId: monitor.id, scanId: null, eventType: payload.type, payload: JSON.stringify(payload) });
  // In the background: the receiver may take up to the timeout, and the 202 says only "queued".
  sendDueDeliveries({ store }).catch((error: unknown) => log.error("test event dispatch failed", { error: describeError(error) }));
  return { delivery_id: deliveryId };
}
