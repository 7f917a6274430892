import type { OpenAPIRegistry, ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  MonitorCreatedSchema,
  MonitorCreateSchema,
  MonitorListSchema,
  MonitorPatchSchema,
  MonitorRunListSchema,
  MonitorRunStartedSchema,
  MonitorSchema,
} from "@/lib/schemas/monitor";
import { WEBHOOK_SIGNATURE_DOC } from "@/lib/openapi-webhooks";
import { MonitorRunsQuerySchema } from "./use-cases/list-monitor-runs";

export interface OpenApiHelpers {
  security: Array<Record<string, string[]>>;
  json: (schema: z.ZodType, description: string) => ResponseConfig;
  err: (description: string) => ResponseConfig;
}

export function registerMonitorPaths(r: OpenAPIRegistry, { security, json, err }: OpenApiHelpers): void {
  const Monitor = MonitorSchema.meta({ id: "Monitor" });
  const MonitorCreated = MonitorCreatedSchema.meta({ id: "MonitorCreated" });
  const monitorId = z.object({ monitor_id: z.uuid() });
  const common = { 401: err("Missing, invalid, expired or revoked credentials"), 404: err("Unknown monitor, or not the caller's") };
  const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });

  r.registerPath({
    method: "post", path: "/api/monitors", summary: "Create a monitor: the site re-scanned on a schedule, each run diffed against the last good one", security,
    description: `Each run is an ordinary scan of the caller (it counts in the scan history and against APO_MAX_ACTIVE_SCANS_PER_OWNER; a scheduled run that does not fit waits for the next tick, leaving one slot for the caller's own scans). A new enabled monitor runs at once: that run is the baseline. \`interval_minutes\` must be at least the server's APO_MONITOR_MIN_INTERVAL_MINUTES (default 60). \`url\` and \`webhook_url\` are vetted like a scan target (\`target_not_allowed\`, \`unresolvable_target\`, naming the field). \`webhook_secret\` is returned here only.\n\nWebhooks: after every completed run (narrowed by \`alert_on\`) APO POSTs a \`monitor.run.completed\` event (see the webhook of that name) to \`webhook_url\`. ${WEBHOOK_SIGNATURE_DOC}`,
    request: body(MonitorCreateSchema),
    responses: { 201: json(MonitorCreated, "Created; `webhook_secret` shown once"), 400: err("Invalid field (the message names it), or interval_minutes below the server's floor"), 401: common[401], 409: err("The caller has APO_MAX_MONITORS_PER_OWNER monitors already (`too_many_monitors`)"), 413: err("Body over 32 KB"), 422: err("url or webhook_url not allowed, or its name does not resolve") },
  });
  r.registerPath({ method: "get", path: "/api/monitors", summary: "The caller's monitors (newest first) with last run and trend", security, responses: { 200: json(MonitorListSchema, "Monitors"), 401: common[401] } });
  r.registerPath({ method: "get", path: "/api/monitors/{monitor_id}", summary: "One monitor", security, request: { params: monitorId }, responses: { 200: json(Monitor, "The monitor"), ...common } });
  r.registerPath({
    method: "patch", path: "/api/monitors/{monitor_id}", summary: "Change a monitor; pause or resume it with `enabled`", security,
    description: "Any create field. Pausing clears `next_run_at`; resuming makes the monitor due now. Changed URLs are vetted again. `webhook_url: null` removes the webhook and its secret; adding a webhook to a monitor without one, or `rotate_webhook_secret: true`, issues a new secret, returned in this response only (`webhook_secret` is null otherwise).",
    request: { params: monitorId, ...body(MonitorPatchSchema) },
    responses: { 200: json(MonitorCreated, "The monitor after the change"), 400: err("Invalid field (the message names it)"), ...common, 413: err("Body over 32 KB"), 422: err("url or webhook_url not allowed, or its name does not resolve") },
  });
  r.registerPath({
    method: "delete", path: "/api/monitors/{monitor_id}", summary: "Delete a monitor and its delivery log (a run in progress is cancelled; its runs' scans stay in the history)", security,
    request: { params: monitorId }, responses: { 200: json(z.object({ monitor_id: z.uuid(), deleted: z.literal(true) }), "Deleted"), ...common },
  });
  r.registerPath({
    method: "post", path: "/api/monitors/{monitor_id}/run", summary: "Start a run now (paused monitors too)", security, request: { params: monitorId },
    responses: { 202: json(MonitorRunStartedSchema, "Queued: follow it at `stream_url`"), ...common, 409: err("A run of this monitor is in progress (`conflict`)"), 429: err("Rate limited, or too many of the caller's scans queued or running") },
  });
  r.registerPath({
    method: "get", path: "/api/monitors/{monitor_id}/runs", summary: "The monitor's runs, newest first, each with its diff against the previous good run", security,
    description: "`diff` is null until the run is finalized, and for runs that did not complete (`error` says why; the next run is compared with the last good one).",
    request: { params: monitorId, query: MonitorRunsQuerySchema }, responses: { 200: json(MonitorRunListSchema, "Runs"), ...common },
  });
}
