import "server-only";
import type { ResolveGuard } from "@/agents/safety";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { MonitorCreated, MonitorPatch } from "@/lib/schemas/monitor";
import { getScanService } from "@/lib/scans/queue/service";
import type { MonitorUpdate } from "@/lib/store/types";
import { assertIntervalFloor, monitorScanRequest, patchedMonitorRequest } from "../monitor-request";
import { newWebhookSecret, sealSecret } from "../webhook-secret";
import { findMonitorOrThrow, monitorView } from "./find-monitor";
import { vetMonitorUrl } from "./vet-urls";

/**
 * Applies a PATCH. Changed URLs are vetted again; `webhook_url: null` removes the webhook and its
 * secret; a webhook added to a monitor that had none, or `rotate_webhook_secret`, issues a new
 * secret, returned in this response only (`webhook_secret` is null otherwise).
 */
export async function updateMonitor(principal: Principal, monitorId: string, patch: MonitorPatch, options: { guard?: ResolveGuard } = {}): Promise<MonitorCreated> {
  const existing = await findMonitorOrThrow(principal, monitorId);
  if (patch.interval_minutes !== undefined) assertIntervalFloor(patch.interval_minutes, getEnv().APO_MONITOR_MIN_INTERVAL_MINUTES);
  const url = patch.url ?? existing.url;
  const request = patchedMonitorRequest(existing.request, patch);
  monitorScanRequest(url, request);
  if (url !== existing.url) await vetMonitorUrl("url", url, options.guard);
  const webhookUrl = patch.webhook_url === undefined ? existing.webhookUrl : patch.webhook_url;
  if (webhookUrl && webhookUrl !== existing.webhookUrl) await vetMonitorUrl("webhook_url", webhookUrl, options.guard);
  if (patch.rotate_webhook_secret && !webhookUrl) throw new ApiError("validation_error", "rotate_webhook_secret: the monitor has no webhook_url");

  const update: MonitorUpdate = { request };
  if (patch.name !== undefined) update.name = patch.name;
  if (patch.url !== undefined) update.url = url;
  if (patch.interval_minutes !== undefined) update.intervalMinutes = patch.interval_minutes;
  if (patch.alert_on !== undefined) update.alertOn = patch.alert_on;
  if (patch.enabled !== undefined) update.enabled = patch.enabled;
  let secret: string | null = null;
  if (patch.webhook_url !== undefined) update.webhookUrl = webhookUrl;
  if (!webhookUrl) update.webhookSecretSealed = null;
  else if (patch.rotate_webhook_secret || !existing.webhookSecretSealed) {
    secret = newWebhookSecret();
    update.webhookSecretSealed = sealSecret(secret);
  }

  const { store, monitors } = await getScanService();
  const monitor = await store.updateMonitor(existing.id, principal.id, update);
  if (!monitor) throw notFound("Monitor");
  log.info("monitor updated", { monitor_id: monitor.id, owner: principal.id, fields: Object.keys(patch), new_webhook_secret: secret !== null });
  // Resumed (due now) or brought forward: the loop need not wait for its next tick.
  monitors.kick();
  return { ...(await monitorView(store, monitor)), webhook_secret: secret };
}
