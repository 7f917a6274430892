import "server-only";
import { randomUUID } from "node:crypto";
import type { ResolveGuard } from "@/agents/safety";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { MonitorCreate, MonitorCreated } from "@/lib/schemas/monitor";
import { getScanService } from "@/lib/scans/queue/service";
import { assertIntervalFloor, defaultMonitorName, monitorScanRequest, storedMonitorRequest, toMonitorView } from "../monitor-request";
import { newWebhookSecret, sealSecret } from "../webhook-secret";
import { vetMonitorUrl } from "./vet-urls";

/**
 * Records the monitor, due at once (its first run is the baseline), and wakes the monitor loop.
 * The webhook secret is returned here and never again: the store keeps it sealed.
 */
export async function createMonitor(principal: Principal, body: MonitorCreate, options: { guard?: ResolveGuard } = {}): Promise<MonitorCreated> {
  assertIntervalFloor(body.interval_minutes, getEnv().APO_MONITOR_MIN_INTERVAL_MINUTES);
  const request = storedMonitorRequest(body);
  // Every run must be a valid scan: check the combination now, not at the first tick.
  monitorScanRequest(body.url, request);
  await vetMonitorUrl("url", body.url, options.guard);
  if (body.webhook_url) await vetMonitorUrl("webhook_url", body.webhook_url, options.guard);
  const { store, monitors } = await getScanService();
  // Each monitor is a scan per interval for as long as it lives: one user cannot schedule without bound.
  const maxMonitors = getEnv().APO_MAX_MONITORS_PER_OWNER;
  if ((await store.listMonitors(principal.id)).length >= maxMonitors) {
    throw new ApiError("too_many_monitors", `You have ${maxMonitors} monitors, the most this server allows: delete or reuse one.`);
  }
  const secret = body.webhook_url ? newWebhookSecret() : null;
  const monitor = await store.createMonitor({
    id: randomUUID(),
    owner: principal.id,
    name: body.name ?? defaultMonitorName(body.url),
    url: body.url,
    request,
    intervalMinutes: body.interval_minutes,
    webhookUrl: body.webhook_url ?? null,
    webhookSecretSealed: secret ? sealSecret(secret) : null,
    alertOn: body.alert_on,
    enabled: body.enabled,
  });
  log.info("monitor created", { monitor_id: monitor.id, owner: principal.id, interval_minutes: monitor.intervalMinutes, webhook: secret !== null });
  monitors.kick();
  return { ...toMonitorView(monitor, []), webhook_secret: secret };
}
