import { z } from "zod";
import { FrameworkSchema } from "./framework";
import { RegionSchema } from "./region";
import { MAX_CRAWL_DEPTH, MAX_FRAMEWORKS, MAX_PAGES, HttpUrlSchema } from "./scan-request";
import { ScanErrorSchema, ScanStatusValueSchema } from "./scan";
import { SeveritySchema } from "./report";

// Monitors: a site re-scanned on a schedule, each run an ordinary scan, each run diffed against the
// last good one, and a signed webhook after each run. These shapes are the API contract
// (published in the OpenAPI document) and the single source of the UI's and the store's types.

/** The longest interval a monitor may have: 31 days. The shortest is APO_MONITOR_MIN_INTERVAL_MINUTES. */
export const MAX_INTERVAL_MINUTES = 31 * 24 * 60;

export const alertOnValues = ["any_run", "changes", "new_high"] as const;
export const AlertOnSchema = z
  .enum(alertOnValues)
  .describe("Which runs deliver the webhook: `any_run` (every completed run), `changes` (runs whose diff changed anything), `new_high` (runs with a new HIGH-severity violation).");
export type AlertOn = z.infer<typeof AlertOnSchema>;

const WebhookUrlSchema = HttpUrlSchema.describe("Receives `monitor.run.completed` events, signed (see the `X-APO-Signature` header). A Slack incoming-webhook URL works as is.");

const monitorFields = {
  name: z.string().trim().min(1, "name must not be empty").max(120, "name is longer than 120 characters").optional().describe("A label for lists; the site's host when omitted."),
  url: HttpUrlSchema,
  framework: FrameworkSchema.default("CCPA"),
  frameworks: z.array(FrameworkSchema).min(1, "frameworks must list at least one framework").max(MAX_FRAMEWORKS, `frameworks lists at most ${MAX_FRAMEWORKS} frameworks`).optional(),
  region: RegionSchema.optional(),
  crawl_depth: z.coerce.number().int().min(1).max(MAX_CRAWL_DEPTH).default(2),
  max_pages: z.coerce.number().int().min(1).max(MAX_PAGES).optional(),
  interval_minutes: z.coerce
    .number()
    .int("interval_minutes must be a whole number of minutes")
    .min(1)
    .max(MAX_INTERVAL_MINUTES, `interval_minutes is at most ${MAX_INTERVAL_MINUTES} (31 days)`)
    .describe("Minutes between runs; the server's floor is APO_MONITOR_MIN_INTERVAL_MINUTES (default 60)."),
  webhook_url: WebhookUrlSchema.optional(),
  alert_on: AlertOnSchema.default("any_run"),
  /** Runs spend the server's LLM keys only where the operator allows the owner (APO_SERVER_LLM_KEYS_FOR): a monitor stores no key. */
  use_llm: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

export const MonitorCreateSchema = z.object(monitorFields).strict();
export type MonitorCreate = z.infer<typeof MonitorCreateSchema>;

/** PATCH: any field of the create body; `webhook_url: null` removes the webhook; `enabled` pauses or resumes. */
export const MonitorPatchSchema = z
  .object({
    name: monitorFields.name,
    url: HttpUrlSchema.optional(),
    framework: FrameworkSchema.optional(),
    frameworks: monitorFields.frameworks,
    region: RegionSchema.optional(),
    crawl_depth: z.coerce.number().int().min(1).max(MAX_CRAWL_DEPTH).optional(),
    max_pages: z.coerce.number().int().min(1).max(MAX_PAGES).nullable().optional(),
    interval_minutes: monitorFields.interval_minutes.optional(),
    webhook_url: WebhookUrlSchema.nullable().optional(),
    alert_on: AlertOnSchema.optional(),
    use_llm: z.boolean().optional(),
    enabled: z.boolean().optional(),
    rotate_webhook_secret: z.literal(true).optional().describe("Issue a new webhook secret (returned once in this response)."),
  })
  .strict();
export type MonitorPatch = z.infer<typeof MonitorPatchSchema>;

/** The last run, as lists show it. */
export const MonitorRunBriefSchema = z.object({
  scan_id: z.uuid(),
  status: ScanStatusValueSchema,
  created_at: z.string(),
  finished_at: z.string().nullable(),
  score: z.number().nullable(),
  violations: z.number().int().nullable(),
});

export const MonitorSchema = z.object({
  monitor_id: z.uuid(),
  name: z.string(),
  url: z.string(),
  framework: FrameworkSchema,
  frameworks: z.array(FrameworkSchema),
  region: z.string().nullable(),
  crawl_depth: z.number().int(),
  max_pages: z.number().int().nullable(),
  interval_minutes: z.number().int(),
  webhook_url: z.string().nullable(),
  alert_on: AlertOnSchema,
  use_llm: z.boolean(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  next_run_at: z.string().nullable().describe("When the next scheduled run is due (null while paused)."),
  last_run: MonitorRunBriefSchema.nullable(),
  /** Score and violation count of the last runs, oldest first: the list's sparkline. */
  trend: z.array(z.object({ scan_id: z.uuid(), finished_at: z.string().nullable(), score: z.number().nullable(), violations: z.number().int().nullable() })),
});
export type Monitor = z.infer<typeof MonitorSchema>;

export const MonitorCreatedSchema = MonitorSchema.extend({
  webhook_secret: z.string().nullable().describe("Shown once: verify `X-APO-Signature` with it. Null when the monitor has no webhook."),
});
export type MonitorCreated = z.infer<typeof MonitorCreatedSchema>;

export const MonitorListSchema = z.object({ monitors: z.array(MonitorSchema) });

// ---- Diffs -------------------------------------------------------------------------------------

/** A violation as a diff names it: the stable fingerprint (type + framework + affected parties), not its wording. */
export const DiffViolationSchema = z.object({
  fingerprint: z.string(),
  violation_type: z.string(),
  framework: FrameworkSchema,
  severity: SeveritySchema,
  rule_title: z.string(),
  parties: z.array(z.string()).describe("The trackers, hosts or cookies the finding is about (sorted); empty for site-wide findings."),
});
export type DiffViolation = z.infer<typeof DiffViolationSchema>;

export const TrackerChangeSchema = z.object({
  session: z.enum(["pre_consent", "accept_all", "reject_all", "gpc"]),
  added: z.array(z.string()).describe("Tracker entities seen in this visitor now and not before."),
  removed: z.array(z.string()),
});

export const VerdictChangeSchema = z.object({
  verdict: z.string().describe("gpc, consent.banner_found, consent.reject_on_first_layer, consent.reject_honored, grade."),
  before: z.union([z.string(), z.boolean(), z.number(), z.null()]),
  after: z.union([z.string(), z.boolean(), z.number(), z.null()]),
});
export type VerdictChange = z.infer<typeof VerdictChangeSchema>;

export const PolicyChangeSchema = z.object({
  changed: z.boolean(),
  url_before: z.string().nullable(),
  url_after: z.string().nullable(),
  sha256_before: z.string().nullable(),
  sha256_after: z.string().nullable(),
  /** A short line diff ("- removed", "+ added"), capped; empty when unchanged or either text is missing. */
  diff: z.array(z.string()),
  diff_truncated: z.boolean(),
});

export const MonitorDiffSchema = z.object({
  base_scan_id: z.uuid().nullable().describe("The previous completed run this one is compared with; null for a monitor's first good run."),
  changed: z.boolean().describe("Anything below differs (violations new or fixed, trackers, verdicts, policy text)."),
  new: z.array(DiffViolationSchema),
  fixed: z.array(DiffViolationSchema),
  unchanged: z.array(DiffViolationSchema),
  trackers: z.array(TrackerChangeSchema).describe("Only visitors with a change."),
  verdict_changes: z.array(VerdictChangeSchema),
  policy: PolicyChangeSchema,
  score_before: z.number().nullable(),
  score_after: z.number().nullable(),
});
export type MonitorDiff = z.infer<typeof MonitorDiffSchema>;

export const MonitorRunSchema = z.object({
  scan_id: z.uuid(),
  trigger: z.enum(["schedule", "manual"]),
  status: ScanStatusValueSchema,
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  score: z.number().nullable(),
  violations: z.number().int().nullable(),
  error: ScanErrorSchema.nullable().describe("Why a run that did not complete failed; the diff base stays the previous good run."),
  diff: MonitorDiffSchema.nullable().describe("Null until the run completes, and for runs that did not complete."),
});
export type MonitorRun = z.infer<typeof MonitorRunSchema>;

export const MonitorRunListSchema = z.object({ runs: z.array(MonitorRunSchema) });

export const MonitorRunStartedSchema = z.object({ scan_id: z.uuid(), monitor_id: z.uuid(), status: ScanStatusValueSchema, stream_url: z.string() });

// ---- Webhooks ----------------------------------------------------------------------------------

export const webhookEventTypes = ["monitor.run.completed", "monitor.test"] as const;

/** The JSON body APO POSTs; `text` makes a Slack incoming webhook show it as is. */
export const WebhookPayloadSchema = z.object({
  type: z.enum(webhookEventTypes),
  delivery_id: z.uuid(),
  monitor_id: z.uuid(),
  scan_id: z.uuid().nullable(),
  url: z.string(),
  changed: z.boolean(),
  new_violations: z.array(DiffViolationSchema),
  fixed_violations: z.array(DiffViolationSchema),
  verdict_changes: z.array(VerdictChangeSchema),
  score: z.number().nullable(),
  report_url: z.string().nullable(),
  text: z.string(),
  created_at: z.string(),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const WebhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  response_status: z.number().int().nullable(),
  error: z.string().nullable().describe("Timeout, refused address, connection error; never the receiver's body."),
  duration_ms: z.number().int(),
});

export const WebhookDeliverySchema = z.object({
  delivery_id: z.uuid(),
  monitor_id: z.uuid(),
  scan_id: z.uuid().nullable(),
  event_type: z.enum(webhookEventTypes),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.array(WebhookAttemptSchema),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = z.object({ deliveries: z.array(WebhookDeliverySchema) });
