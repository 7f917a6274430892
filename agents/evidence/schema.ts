import { z } from "zod";
import { BannerContainerSchema } from "@/lib/schemas/banner-container";
import { VisitorIdentitySchema } from "@/lib/schemas/visitor-identity";
import { ScanRegionSchema } from "@/lib/schemas/region";

/**
 * The evidence document: everything the browser agents observed, and the only input the
 * Observability agent reads. It is versioned and stored with every scan (evidence.json) so the
 * analysis can be re-run and unit-tested without a browser. Add fields; never repurpose one.
 */
export const EVIDENCE_VERSION = "1.0" as const;

export const sessionNames = ["pre_consent", "accept_all", "reject_all", "gpc"] as const;
export const SessionNameSchema = z.enum(sessionNames);
export type SessionName = z.infer<typeof SessionNameSchema>;

export const PiiKindSchema = z.enum(["email", "phone", "name", "address", "password", "payment", "government_id", "birthdate", "other"]);
export type PiiKind = z.infer<typeof PiiKindSchema>;

export const RecordedRequestSchema = z.object({
  id: z.string(),
  page_url: z.string(),
  url: z.string(),
  method: z.string(),
  resource_type: z.string(),
  /** Script or document that caused the request (top of the initiator stack), when known. */
  initiator_url: z.string().nullable().default(null),
  frame_url: z.string().nullable().default(null),
  /** Milliseconds since the first navigation of this page. */
  t_since_navigation_ms: z.number(),
  /** Milliseconds since the consent click; negative before it; null when no consent action happened. */
  t_since_consent_ms: z.number().nullable().default(null),
  status: z.number().nullable().default(null),
  /** Request body, capped (see body_truncated). */
  post_data_sample: z.string().nullable().default(null),
  body_truncated: z.boolean().default(false),
  request_headers: z.record(z.string(), z.string()).default({}),
  /** Set-Cookie headers of the response, whether or not the browser kept the cookie. */
  response_set_cookies: z.array(z.string()).default([]),
  /** Blocked by the scanner's network guard (never reached the network). */
  blocked_reason: z.string().nullable().default(null),
  failed: z.string().nullable().default(null),
});
export type RecordedRequest = z.infer<typeof RecordedRequestSchema>;

export const CookieSetterSchema = z.object({
  kind: z.enum(["set-cookie-header", "document.cookie", "unknown"]),
  /** The response URL (header) or script URL (document.cookie) that set it. */
  url: z.string().nullable().default(null),
});

export const RecordedCookieSchema = z.object({
  name: z.string(),
  value_sample: z.string(),
  domain: z.string(),
  path: z.string(),
  /** Unix seconds; -1 for a session cookie. */
  expires: z.number(),
  lifetime_days: z.number().nullable(),
  http_only: z.boolean(),
  secure: z.boolean(),
  same_site: z.string().nullable().default(null),
  session: z.boolean(),
  set_by: CookieSetterSchema.default({ kind: "unknown", url: null }),
  page_url: z.string().nullable().default(null),
  /** Milliseconds since the consent click when first seen; null without consent action or unknown. */
  t_since_consent_ms: z.number().nullable().default(null),
  /** True when the browser refused to store it (only its Set-Cookie header was seen). */
  blocked: z.boolean().default(false),
});
export type RecordedCookie = z.infer<typeof RecordedCookieSchema>;

export const StorageItemSchema = z.object({
  origin: z.string(),
  kind: z.enum(["localStorage", "sessionStorage"]),
  key: z.string(),
  value_sample: z.string(),
  set_by_script: z.string().nullable().default(null),
});
export type StorageItem = z.infer<typeof StorageItemSchema>;

/** What the site itself recorded about the visitor's choice. */
export const ConsentSignalsSchema = z.object({
  page_url: z.string().nullable().default(null),
  usprivacy_cookie: z.string().nullable().default(null),
  uspapi: z.string().nullable().default(null),
  gpp_string: z.string().nullable().default(null),
  gpp_applicable_sections: z.array(z.number()).default([]),
  tcf_string: z.string().nullable().default(null),
  optanon_consent: z.string().nullable().default(null),
  optanon_alert_box_closed: z.boolean().default(false),
  cookiebot_consent: z.string().nullable().default(null),
  navigator_gpc: z.boolean().nullable().default(null),
});
export type ConsentSignals = z.infer<typeof ConsentSignalsSchema>;

export const BannerButtonSchema = z.object({
  text: z.string(),
  role: z.enum(["accept", "reject", "settings", "close", "other"]),
  layer: z.number().int().min(1).default(1),
});

export const BannerEvidenceSchema = z.object({
  detected: z.boolean(),
  method: z.enum(["autoconsent", "heuristic", "none"]),
  cmp: z.string().nullable().default(null),
  text_sample: z.string().nullable().default(null),
  buttons: z.array(BannerButtonSchema).default([]),
  reject_on_first_layer: z.boolean().nullable().default(null),
  clicks_to_accept: z.number().int().nullable().default(null),
  clicks_to_reject: z.number().int().nullable().default(null),
  /** Consent toggles found switched on before the visitor touched them. */
  preticked: z.array(z.object({ label: z.string(), essential: z.boolean().default(false) })).default([]),
  action: z.enum(["none", "accept", "reject"]),
  action_result: z.enum(["success", "failed", "not_found", "not_attempted"]),
  /** autoconsent's self-test of the CMP's own state after the action; null when not run. */
  self_test: z.boolean().nullable().default(null),
  consent_at_ms: z.number().nullable().default(null),
  screenshot_before: z.string().nullable().default(null),
  screenshot_after: z.string().nullable().default(null),
  steps: z.array(z.string()).default([]),
  /** Where the banner was found (document, shadow root, frame); null when none was found or before this field existed. */
  container: BannerContainerSchema.nullable().default(null),
  /** Why a banner the engine could see could not be operated (closed shadow root, controls that do not respond); null otherwise. */
  inoperable_reason: z.string().nullable().default(null),
});
export type BannerEvidence = z.infer<typeof BannerEvidenceSchema>;

export const FingerprintEventSchema = z.object({
  kind: z.enum(["canvas", "canvas_font", "audio", "webgl"]),
  script_url: z.string().nullable(),
  page_url: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  t_since_consent_ms: z.number().nullable().default(null),
});
export type FingerprintEvent = z.infer<typeof FingerprintEventSchema>;

/** A unique value typed into a form field (never submitted), later searched for in traffic. */
export const CanarySchema = z.object({
  page_url: z.string(),
  field: z.string(),
  kind: PiiKindSchema,
  value: z.string(),
});
export type Canary = z.infer<typeof CanarySchema>;

/**
 * A WebSocket the page opened, with samples of the frames the page sent on it (capped: see
 * agents/interaction/websocket-recorder.ts). Received frames are not kept: only what leaves counts.
 */
export const WebSocketRecordSchema = z.object({
  id: z.string(),
  url: z.string(),
  page_url: z.string(),
  /** Milliseconds since the consent click when opened; null without consent action. */
  t_since_consent_ms: z.number().nullable().default(null),
  frames_sent: z.array(z.string()).default([]),
  /** Every frame the page sent, kept or not. */
  frames_sent_total: z.number().int().default(0),
  truncated: z.boolean().default(false),
});
export type WebSocketRecord = z.infer<typeof WebSocketRecordSchema>;

export const SessionEvidenceSchema = z.object({
  name: SessionNameSchema,
  started_at: z.string(),
  duration_ms: z.number(),
  pages: z.array(z.string()),
  requests: z.array(RecordedRequestSchema),
  cookies: z.array(RecordedCookieSchema),
  storage: z.array(StorageItemSchema),
  consent_signals: ConsentSignalsSchema,
  banner: BannerEvidenceSchema,
  fingerprinting: z.array(FingerprintEventSchema).default([]),
  canaries: z.array(CanarySchema).default([]),
  websockets: z.array(WebSocketRecordSchema).default([]),
  har_file: z.string().nullable().default(null),
  traffic_file: z.string().nullable().default(null),
  errors: z.array(z.string()).default([]),
});
export type SessionEvidence = z.infer<typeof SessionEvidenceSchema>;

export const FormFieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  autocomplete: z.string().nullable().default(null),
  label: z.string().nullable().default(null),
  pii_kind: PiiKindSchema.nullable(),
  prechecked: z.boolean().default(false),
});

export const FormSchema = z.object({
  action: z.string(),
  method: z.string(),
  fields: z.array(FormFieldSchema),
  /** The page is plain HTTP or the form posts to plain HTTP. */
  insecure: z.boolean(),
});
export type FormEvidence = z.infer<typeof FormSchema>;

export const LinkSchema = z.object({ href: z.string(), text: z.string() });

export const PageNodeSchema = z.object({
  url: z.string(),
  final_url: z.string(),
  depth: z.number().int(),
  status: z.number().nullable(),
  title: z.string(),
  purpose: z.string(),
  risk_score: z.number().min(0).max(10),
  priority: z.number(),
  links: z.array(z.string()),
  forms: z.array(FormSchema),
  third_party_scripts: z.array(z.string()),
  third_party_frames: z.array(z.string()),
  privacy_policy_links: z.array(LinkSchema),
  opt_out_links: z.array(LinkSchema),
  banner_present: z.boolean(),
  error: z.string().nullable().default(null),
});
export type PageNode = z.infer<typeof PageNodeSchema>;

export const InteractionGraphSchema = z.object({
  start_url: z.string(),
  nodes: z.array(PageNodeSchema),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type InteractionGraph = z.infer<typeof InteractionGraphSchema>;

export const WellKnownGpcSchema = z.object({
  url: z.string(),
  status: z.number().nullable(),
  body_sample: z.string().nullable(),
  gpc: z.boolean().nullable(),
  last_update: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
});

export const OptOutLinkCheckSchema = z.object({
  text: z.string(),
  href: z.string(),
  final_url: z.string().nullable(),
  status: z.number().nullable(),
  redirect_loop: z.boolean(),
  /** The landing page offers a control to opt out (form, toggle, button). */
  has_opt_out_control: z.boolean(),
  error: z.string().nullable().default(null),
});
export type OptOutLinkCheck = z.infer<typeof OptOutLinkCheckSchema>;

export const PrivacyPolicyEvidenceSchema = z.object({
  url: z.string(),
  status: z.number().nullable(),
  title: z.string().nullable(),
  text: z.string(),
  truncated: z.boolean().default(false),
  error: z.string().nullable().default(null),
  /** The page's `lang` attribute: a hint for the policy's language when its text is too short to tell. */
  html_lang: z.string().nullable().default(null),
});

/**
 * A link the site wrote that the engine refused to open: a scheme other than http(s) (a local
 * file, a browser page, a source view, an inline document). Recorded, never followed.
 */
export const RefusedLinkSchema = z.object({
  /** As the page wrote it, resolved against the page and capped (REFUSED_URL_CAP). */
  url: z.string(),
  scheme: z.string(),
  /** The page it was found on. */
  found_on: z.string(),
  text: z.string().default(""),
  /** What the engine would have used it for. */
  role: z.enum(["privacy_policy", "opt_out", "link"]),
  reason: z.string(),
});
export type RefusedLink = z.infer<typeof RefusedLinkSchema>;

export const EvidenceSchema = z.object({
  version: z.literal(EVIDENCE_VERSION),
  scan_id: z.string(),
  target_url: z.string(),
  final_url: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** "partial" when a stage failed: what was gathered is kept, the errors say why. */
  completeness: z.enum(["complete", "partial"]),
  scanner: z.object({
    user_agent: z.string().nullable(),
    browser_version: z.string().nullable(),
    /** How the visitors presented themselves (user agent, client hints, languages, screen); null in older evidence. */
    identity: VisitorIdentitySchema.nullable().default(null),
  }),
  discovery: InteractionGraphSchema,
  sessions: z.object({
    pre_consent: SessionEvidenceSchema.nullable(),
    accept_all: SessionEvidenceSchema.nullable(),
    reject_all: SessionEvidenceSchema.nullable(),
    gpc: SessionEvidenceSchema.nullable(),
  }),
  well_known_gpc: WellKnownGpcSchema.nullable(),
  opt_out_checks: z.array(OptOutLinkCheckSchema),
  privacy_policy: PrivacyPolicyEvidenceSchema.nullable(),
  refused_links: z.array(RefusedLinkSchema).default([]),
  errors: z.array(z.object({ stage: z.string(), message: z.string() })),
  /** Where the visitors appeared to be (locale, Accept-Language, timezone, region proxy); null in evidence older than regions. */
  region: ScanRegionSchema.nullable().default(null),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
