import { z } from "zod";
import { AgentProgressSchema, ScanErrorSchema, ScanStatusValueSchema, ScanSummarySchema } from "./scan";

// Response and envelope shapes of the HTTP API. Handlers build these; OpenAPI documents them.

export const errorCodes = [
  "bad_request",
  "validation_error",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "target_not_allowed",
  "unresolvable_target",
  "too_early",
  "rate_limited",
  "too_many_active_scans",
  "too_many_monitors",
  "too_many_streams",
  "internal_error",
  "service_unavailable",
] as const;
export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string(), request_id: z.string().optional() }),
});

export const ArtifactSchema = z.object({
  file: z.string(),
  kind: z.string(),
  content_type: z.string(),
  bytes: z.number().int(),
  url: z.string(),
});

export const ScanCreatedSchema = z.object({
  scan_id: z.uuid(),
  status: ScanStatusValueSchema,
  queue_position: z.number().int().nullable(),
  url: z.string(),
  framework: z.string(),
  stream_url: z.string(),
  status_url: z.string(),
  results_url: z.string(),
  created_at: z.string(),
});

export const ScanStatusSchema = z.object({
  scan_id: z.uuid(),
  status: ScanStatusValueSchema,
  phase: z.string().nullable(),
  progress: AgentProgressSchema,
  queue_position: z.number().int().nullable(),
  error: ScanErrorSchema.nullable(),
  url: z.string(),
  framework: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  /** Which run of the scan this is: above 1 once another container took it over after its own was lost. */
  attempt: z.number().int(),
  /** Files written so far: a failed or cancelled scan keeps its partial evidence. */
  artifacts: z.array(ArtifactSchema),
});

export const ScanListItemSchema = ScanStatusSchema.extend({
  summary: ScanSummarySchema.nullable(),
});

export const ScanListSchema = z.object({
  scans: z.array(ScanListItemSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const ScanListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ScanIdSchema = z.uuid({ message: "scan_id must be a UUID" });

export const ShareRequestSchema = z
  .object({ expires_in_hours: z.coerce.number().int().min(1).max(24 * 30).default(24 * 7) })
  .strict();
export const ShareCreatedSchema = z.object({ share_id: z.uuid(), url: z.string(), expires_at: z.string() });

export const StreamLinkRequestSchema = z
  .object({ expires_in_seconds: z.coerce.number().int().min(30).max(3600).default(600) })
  .strict();
export const StreamLinkSchema = z.object({ url: z.string(), expires_at: z.string() });

export const TokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, "name is required").max(100),
    expires_in_days: z.coerce.number().int().min(1).max(365).default(30),
  })
  .strict();
export const TokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export const TokenCreatedSchema = TokenSchema.extend({ token: z.string() });
export const TokenListSchema = z.object({ tokens: z.array(TokenSchema) });

export const DeletedSchema = z.object({ scan_id: z.uuid(), deleted: z.literal(true) });
export const CancelledSchema = z.object({ scan_id: z.uuid(), status: ScanStatusValueSchema });
export const HealthSchema = z.object({ status: z.enum(["ok", "degraded"]), service: z.literal("apo"), time: z.string(), store: z.string().optional() });

export type ScanCreated = z.infer<typeof ScanCreatedSchema>;
export type ScanStatusView = z.infer<typeof ScanStatusSchema>;
export type ScanListItem = z.infer<typeof ScanListItemSchema>;
export type ScanList = z.infer<typeof ScanListSchema>;
export type TokenView = z.infer<typeof TokenSchema>;
