import { z } from "zod";
import {
  MonitorCreatedSchema,
  MonitorListSchema,
  MonitorRunListSchema,
  MonitorRunStartedSchema,
  MonitorSchema,
  WebhookDeliveryListSchema,
  type Monitor,
  type MonitorCreate,
  type MonitorCreated,
  type MonitorPatch,
  type MonitorRun,
  type WebhookDelivery,
} from "@/lib/schemas/monitor";
import { call, postJson } from "./scan-api";

// The browser's calls to /api/monitors/*, each parsed with the contract's schema (lib/schemas/monitor.ts).

const monitorPath = (id: string) => `/api/monitors/${encodeURIComponent(id)}`;
const patchJson = (body: unknown): RequestInit => ({ method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A PATCH answers with the monitor, and with a new secret when one was issued (rotation). */
const MonitorMaybeSecretSchema = MonitorSchema.extend({ webhook_secret: z.string().nullable().optional() });
export type MonitorWithMaybeSecret = z.infer<typeof MonitorMaybeSecretSchema>;

// GET /api/monitors
export async function listMonitors(): Promise<Monitor[]> {
  return (await call(MonitorListSchema, "/api/monitors")).monitors;
}

// POST /api/monitors
export function createMonitor(body: MonitorCreate): Promise<MonitorCreated> {
  return call(MonitorCreatedSchema, "/api/monitors", postJson(body));
}

// GET /api/monitors/{id}
export function getMonitor(id: string): Promise<Monitor> {
  return call(MonitorSchema, monitorPath(id));
}

// PATCH /api/monitors/{id}
export function updateMonitor(id: string, patch: MonitorPatch): Promise<MonitorWithMaybeSecret> {
  return call(MonitorMaybeSecretSchema, monitorPath(id), patchJson(patch));
}

// DELETE /api/monitors/{id}
export function deleteMonitor(id: string): Promise<unknown> {
  return call(z.unknown(), monitorPath(id), { method: "DELETE" });
}

// POST /api/monitors/{id}/run
export function runMonitorNow(id: string): Promise<z.infer<typeof MonitorRunStartedSchema>> {
  return call(MonitorRunStartedSchema, `${monitorPath(id)}/run`, { method: "POST" });
}

// GET /api/monitors/{id}/runs
export async function listMonitorRuns(id: string): Promise<MonitorRun[]> {
  return (await call(MonitorRunListSchema, `${monitorPath(id)}/runs`)).runs;
}

// GET /api/monitors/{id}/deliveries
export async function listWebhookDeliveries(id: string): Promise<WebhookDelivery[]> {
  return (await call(WebhookDeliveryListSchema, `${monitorPath(id)}/deliveries`)).deliveries;
}

// POST /api/monitors/{id}/webhook/test
export function sendTestWebhook(id: string): Promise<{ delivery_id: string }> {
  return call(z.object({ delivery_id: z.uuid() }), `${monitorPath(id)}/webhook/test`, { method: "POST" });
}
