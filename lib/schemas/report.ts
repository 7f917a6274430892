import { z } from "zod";
import { BannerContainerSchema } from "./banner-container";
import { FrameworkSchema } from "./framework";
import { VisitorIdentitySchema } from "./visitor-identity";
import { ScanRegionSchema } from "./region";

/**
 * The evidence report: what the Observability agent produces from one scan's evidence, what
 * `GET /api/results/{scan_id}` returns and what the UI renders. Isomorphic: imports nothing
 * server-only. Add fields; never repurpose one.
 *
 * `report_version` names the report's schema version: any change of shape (even an added optional
 * field) appends a version here and publishes its JSON Schema (`npm run schemas`, which writes
 * docs/schemas/evidence-report/<version>.schema.json; a unit test fails until it is done).
 * Older versions stay accepted, since stored reports carry them.
 * 1.0: the report up to issue 13. 1.1: `fingerprint` on findings, `privacy_policy_snapshot`.
 * 1.2: `report_metadata.attempt`.
 */
export const REPORT_VERSIONS = ["1.0", "1.1", "1.2"] as const;
export type ReportVersion = (typeof REPORT_VERSIONS)[number];
/** The version this code writes: the last of REPORT_VERSIONS. */
export const REPORT_VERSION = "1.2" as const satisfies ReportVersion;

/** Stable finding codes. They are an API: clients filter `violation_type` on them. */
export const findingCodes = [
  "TRACKING_BEFORE_CONSENT",
  "REJECT_NOT_HONORED",
  "GPC_NOT_HONORED",
  "MISSING_OPT_OUT_LINK",
  "OPT_OUT_LINK_BROKEN",
  "NO_CONSENT_MECHANISM",
  "NO_REJECT_OPTION",
  "PRE_TICKED_CONSENT",
  "MISSING_PRIVACY_POLICY",
  "PRIVACY_POLICY_INCOMPLETE",
  "PII_SHARED_WITH_THIRD_PARTY",
  "INSECURE_DATA_COLLECTION",
  "EXCESSIVE_COOKIE_LIFETIME",
  "SESSION_RECORDING",
  "BROWSER_FINGERPRINTING",
] as const;
export const FindingCodeSchema = z.enum(findingCodes);
export type FindingCode = z.infer<typeof FindingCodeSchema>;

export const SeveritySchema = z.enum(["HIGH", "MEDIUM", "LOW"]);
export type Severity = z.infer<typeof SeveritySchema>;
export const ConfidenceSchema = z.enum(["high", "medium", "low"]);
export type Confidence = z.infer<typeof ConfidenceSchema>;

export const trackerCategories = ["advertising", "analytics", "social", "session_replay", "consent", "essential", "other"] as const;
export const TrackerCategorySchema = z.enum(trackerCategories);
export type TrackerCategory = z.infer<typeof TrackerCategorySchema>;

const SessionNameSchema = z.enum(["pre_consent", "accept_all", "reject_all", "gpc"]);

export const DataSourceSchema = z.object({
  name: z.string(),
  version: z.string().nullable(),
  licence: z.string(),
  url: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
});

export const EvidenceRequestRefSchema = z.object({
  id: z.string(),
  url: z.string(),
  session: SessionNameSchema,
  method: z.string(),
  page_url: z.string().nullable().default(null),
  t_since_consent_ms: z.number().nullable(),
  entity: z.string().nullable(),
  category: TrackerCategorySchema.nullable(),
});
export type EvidenceRequestRef = z.infer<typeof EvidenceRequestRefSchema>;

export const EvidenceCookieRefSchema = z.object({
  name: z.string(),
  domain: z.string(),
  session: SessionNameSchema,
  set_by: z.string().nullable(),
  lifetime_days: z.number().nullable(),
  t_since_consent_ms: z.number().nullable(),
  entity: z.string().nullable(),
  category: TrackerCategorySchema.nullable(),
});
export type EvidenceCookieRef = z.infer<typeof EvidenceCookieRefSchema>;

export const SignalValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One path personal data took to a third party (PII_SHARED_WITH_THIRD_PARTY). */
export const PiiLeakSchema = z.object({
  kind: z.string().describe("What was typed: email, phone, name, address, …"),
  field: z.string().describe("The form field it was typed into."),
  page_url: z.string(),
  session: SessionNameSchema,
  request_id: z.string().nullable().describe("The request (or WebSocket record) that carried it."),
  host: z.string(),
  channel: z.string().describe("meta-advanced-matching, tiktok-advanced-matching, google-enhanced-conversions, custom-header, cookie, beacon, websocket, url, body."),
  feature: z.string().describe("The vendor feature or channel in words, e.g. \"Meta advanced matching (ud[em])\"."),
  location: z.string().describe("url-query, url-path, body-json, body-form, body, header, cookie, websocket-frame."),
  key: z.string().nullable().describe("Parameter, JSON path, header or cookie name that carried it."),
  form: z.string().describe("plain, url-encoded, form-encoded, base64, base64url, md5, sha1, sha256, sha512."),
  basis: z.string().describe("Which normalisation was sent or hashed, e.g. \"normalised value\", \"E.164 number\"."),
});
export type PiiLeak = z.infer<typeof PiiLeakSchema>;

export const ViolationEvidenceSchema = z.object({
  requests: z.array(EvidenceRequestRefSchema).default([]),
  cookies: z.array(EvidenceCookieRefSchema).default([]),
  screenshots: z.array(z.string()).default([]).describe("Artifact file names, relative to the scan's folder."),
  signals: z.record(z.string(), SignalValueSchema).default({}),
  notes: z.array(z.string()).default([]),
  pii_leaks: z.array(PiiLeakSchema).optional().describe("PII_SHARED_WITH_THIRD_PARTY: each path personal data took, capped. Absent on other findings."),
});
export type ViolationEvidence = z.infer<typeof ViolationEvidenceSchema>;

export const MoneySchema = z.object({ amount: z.number(), currency: z.string() });

export const PenaltySchema = z
  .object({
    currency: z.string(),
    regime: z.enum(["per_violation", "turnover_cap", "fixed_cap", "none"]),
    min: z.number().nullable().describe("Per-violation minimum rate (per-violation regimes) in `currency`."),
    max: z.number().nullable().describe("Per-violation maximum rate, or the cap for cap regimes, in `currency`."),
    exposure: z.number().nullable().describe("rate × affected consumers (per-violation), or max(fixed, pct × turnover) when turnover is known."),
    basis: z.string(),
    citation: z.string(),
    approximate_usd: z
      .object({ min: z.number().nullable(), max: z.number().nullable(), exposure: z.number().nullable(), fx_date: z.string() })
      .describe("Static FX conversion, approximate."),
    benchmark: z.string().nullable().default(null).describe("Settlement benchmark for context, not a computed fine."),
    grouped_with: z.string().nullable().default(null).describe("Art. 83(3) grouping: the violation id whose cap covers this one."),
    contingent: z.boolean().default(false).describe("Arises only after a further event (e.g. a breach); never summed into totals."),
  })
  .describe("Every amount carries its currency, basis and citation.");
export type Penalty = z.infer<typeof PenaltySchema>;

const findingBase = {
  id: z.string(),
  rule_id: z.string(),
  framework: FrameworkSchema,
  section: z.string().describe("Legal citation."),
  rule_title: z.string(),
  violation_type: FindingCodeSchema,
  severity: SeveritySchema,
  confidence: ConfidenceSchema,
  pages: z.array(z.string()),
  description: z.string(),
  evidence: ViolationEvidenceSchema,
  recommendation: z.string(),
  fingerprint: z
    .string()
    .optional()
    .describe("Stable across scans of the same site: the finding's type, framework and affected parties, never its wording (see lib/findings/fingerprint.ts). Absent in reports written before it existed."),
};

export const ViolationSchema = z.object({
  ...findingBase,
  status: z
    .enum(["violation", "inconclusive"])
    .describe("Inconclusive entries carry no fine and are never counted in totals or the score."),
  penalty_min_usd: z.number().nullable(),
  penalty_max_usd: z.number().nullable(),
  penalty: PenaltySchema.nullable(),
  llm_explanation: z.string().nullable().optional(),
  llm_technical_fix: z.string().nullable().optional(),
  llm_provider: z.string().nullable().optional().describe("Provider that wrote llm_explanation and llm_technical_fix."),
  llm_model: z.string().nullable().optional(),
});
export type Violation = z.infer<typeof ViolationSchema>;

export const ObservationSchema = z.object({
  ...findingBase,
  status: z.enum(["observation", "inconclusive"]),
  reason: z.string().describe("Why this finding is not a violation under the chosen framework."),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const SessionSummarySchema = z.object({
  session: SessionNameSchema,
  recorded: z.boolean(),
  pages: z.number().int(),
  requests: z.number().int(),
  third_party_requests: z.number().int(),
  tracker_requests: z.number().int(),
  cookies: z.number().int(),
  tracker_cookies: z.number().int(),
  third_party_domains: z.array(z.string()),
  tracker_domains: z.array(z.string()),
  banner_detected: z.boolean(),
  banner_action: z.string(),
  banner_action_result: z.string(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const ConsentStateSchema = z.object({
  usprivacy: z.string().nullable(),
  usprivacy_opted_out: z.boolean().nullable(),
  gpp_string: z.string().nullable(),
  gpp_sections: z.array(
    z.object({ id: z.number(), name: z.string(), sale_opt_out: z.number().nullable(), sharing_opt_out: z.number().nullable(), targeted_advertising_opt_out: z.number().nullable(), gpc: z.boolean().nullable() }),
  ),
  gpp_error: z.string().nullable(),
  gpp_sections_not_decoded: z
    .array(z.object({ id: z.number(), name: z.string() }))
    .default([])
    .describe("GPP sections present in the string whose layout APO does not decode (present, not decoded)."),
  optanon_is_gpc_enabled: z.boolean().nullable(),
  navigator_gpc: z.boolean().nullable(),
});
export type ConsentState = z.infer<typeof ConsentStateSchema>;

export const GpcVerdictSchema = z.object({
  verdict: z.enum(["honored", "not_honored", "inconclusive", "not_applicable"]),
  summary: z.string(),
  domains_ignoring_gpc: z.array(z.string()),
  signals_before: ConsentStateSchema.nullable().describe("What the site recorded in the pre_consent session."),
  signals_after: ConsentStateSchema.nullable().describe("What the site recorded in the gpc session."),
  well_known: z.object({ url: z.string(), status: z.number().nullable(), gpc: z.boolean().nullable() }).nullable(),
  reasons: z.array(z.string()),
});
export type GpcVerdict = z.infer<typeof GpcVerdictSchema>;

export const TcfDecodedSchema = z.object({
  tcf_version: z.number(),
  policy_version: z.number().describe("4 or more: TCF v2.2."),
  cmp_id: z.number(),
  cmp_version: z.number(),
  vendor_list_version: z.number(),
  created: z.string().nullable(),
  last_updated: z.string().nullable(),
  publisher_cc: z.string(),
  is_service_specific: z.boolean(),
  purposes_consent: z.array(z.number()),
  purposes_legitimate_interest: z.array(z.number()),
  vendors_consent: z.array(z.number()),
  vendors_legitimate_interest: z.array(z.number()),
  special_features: z.array(z.number()),
});

export const TcfSessionSignalSchema = z.object({
  session: SessionNameSchema,
  tc_string: z.string(),
  decoded: TcfDecodedSchema.nullable(),
  error: z.string().nullable(),
});

export const TcfVendorWithoutConsentSchema = z.object({
  session: SessionNameSchema,
  vendor_id: z.number(),
  vendor_name: z.string(),
  hosts: z.array(z.string()),
  requests: z.number().int(),
  summary: z.string(),
});

const ConsentValueSchema = z.enum(["granted", "denied"]).nullable();

export const GoogleConsentModeRequestSchema = z.object({
  request_id: z.string(),
  session: SessionNameSchema,
  url: z.string().describe("Capped at 300 characters."),
  t_since_consent_ms: z.number().nullable(),
  gcs: z.string().nullable(),
  gcd: z.string().nullable(),
  ad_storage: ConsentValueSchema,
  analytics_storage: ConsentValueSchema,
  ad_user_data: ConsentValueSchema,
  ad_personalization: ConsentValueSchema,
  gcd_detail: z
    .record(z.string(), z.object({ default: ConsentValueSchema, update: ConsentValueSchema }))
    .nullable()
    .describe("Per consent type, the default and the update the gcd letter encodes."),
  cookieless: z.boolean().describe("No Google cookie was sent, set or present in the visit at the time of the request."),
});

export const ConsentSignalsReportSchema = z
  .object({
    tcf: z.array(TcfSessionSignalSchema).describe("The IAB TCF string each visitor's CMP recorded, decoded."),
    tcf_reject_grants: z
      .object({ purposes: z.array(z.number()), vendors: z.array(z.number()) })
      .nullable()
      .describe("Consents the TCF string still grants after 'Reject all' (should be none)."),
    tcf_vendors_without_consent: z.array(TcfVendorWithoutConsentSchema),
    google_consent_mode: z.array(GoogleConsentModeRequestSchema).describe("Google tag requests carrying gcs/gcd, decoded (capped)."),
    summary: z.array(z.string()),
    vendor_map_source: z.string().nullable(),
  })
  .describe("Consent signals decoded from the site's own records and its tags' requests: TCF, Google Consent Mode.");
export type ConsentSignalsReport = z.infer<typeof ConsentSignalsReportSchema>;

export const EMPTY_CONSENT_SIGNALS: ConsentSignalsReport = {
  tcf: [],
  tcf_reject_grants: null,
  tcf_vendors_without_consent: [],
  google_consent_mode: [],
  summary: [],
  vendor_map_source: null,
};

export const ConsentVerdictSchema = z.object({
  banner_found: z.boolean(),
  cmp: z.string().nullable(),
  reject_on_first_layer: z.boolean().nullable(),
  clicks_to_accept: z.number().nullable(),
  clicks_to_reject: z.number().nullable(),
  preticked: z.array(z.string()),
  reject_honored: z.enum(["yes", "no", "inconclusive", "not_tested"]),
  summary: z.string(),
  banner_container: BannerContainerSchema.nullable()
    .default(null)
    .describe("Where the banner lives: the page, a shadow root (with its host) or a frame (with its URL)."),
  banner_inoperable_reason: z.string().nullable().default(null).describe("Why a banner that was seen could not be operated; its verdicts are then inconclusive."),
});
export type ConsentVerdict = z.infer<typeof ConsentVerdictSchema>;

export const DisclosureResultSchema = z.object({
  id: z.string(),
  label: z.string(),
  citation: z.string(),
  present: z.boolean(),
  quote: z.string().nullable().describe("Exact substring of the policy text that matched."),
  found_by: z.enum(["detector", "model"]).nullable().optional().describe("Who found it; a model finding never sets `present`."),
  model_evidence: z
    .object({ quote: z.string(), provider: z.string(), model: z.string(), model_written: z.literal(true) })
    .nullable()
    .optional()
    .describe("A verified passage a language model pointed to, for a human to review."),
});

export const PolicyLanguageDetectionSchema = z.object({
  language: z.string().nullable().describe("BCP 47 tag (de, pt-BR, pt-PT, pl…); null when it could not be determined."),
  iso639_3: z.string().nullable().describe("ISO 639-3 code the text statistics returned (franc-min), when the text decided."),
  method: z.enum(["text", "html_lang", "undetermined"]).describe("text: the policy's words; html_lang: the page's lang attribute (text too short); undetermined: every known wording was tried."),
  covered: z.boolean().nullable().describe("The analysis knows this language's wording; null when undetermined."),
  html_lang: z.string().nullable().describe("The policy page's lang attribute, as a hint."),
});
export type PolicyLanguageDetection = z.infer<typeof PolicyLanguageDetectionSchema>;

export const PrivacyPolicyAnalysisSchema = z.object({
  method: z.enum(["deterministic", "llm"]),
  url: z.string().nullable(),
  analysed: z.boolean(),
  reason: z.string().nullable(),
  disclosures: z.array(DisclosureResultSchema),
  missing: z.array(z.string()),
  coverage: z.number().min(0).max(100).describe("Percentage of required disclosures found."),
  language: z.string().nullable().default(null).describe("The policy's detected language (BCP 47); a language the analysis does not cover leaves `analysed` false."),
  language_detection: PolicyLanguageDetectionSchema.nullable().default(null),
});
export type PrivacyPolicyAnalysis = z.infer<typeof PrivacyPolicyAnalysisSchema>;

/** The privacy policy's text as the scan read it, so monitors can tell when it changed (and how). */
export const PrivacyPolicySnapshotSchema = z.object({
  url: z.string(),
  sha256: z.string().describe("Hex SHA-256 of `text` (UTF-8)."),
  chars: z.number().int().describe("Length of `text` in characters."),
  truncated: z.boolean().describe("The page's text was longer than the engine keeps (200,000 characters)."),
  text: z.string(),
});
export type PrivacyPolicySnapshot = z.infer<typeof PrivacyPolicySnapshotSchema>;

export const SessionCountsSchema = z.object({
  pre_consent: z.number().int(),
  accept_all: z.number().int(),
  reject_all: z.number().int(),
  gpc: z.number().int(),
});

export const TrackerEntrySchema = z.object({
  entity: z.string(),
  category: TrackerCategorySchema,
  domains: z.array(z.string()),
  sessions: SessionCountsSchema.describe("Requests seen per session."),
  country: z.string().nullable(),
});

export const CookieEntrySchema = z.object({
  name: z.string(),
  domain: z.string(),
  party: z.enum(["first", "third"]),
  category: TrackerCategorySchema,
  entity: z.string().nullable(),
  lifetime_days: z.number().nullable(),
  set_by: z.string().nullable(),
  sessions: z.array(SessionNameSchema),
});

export const PageEntrySchema = z.object({
  url: z.string(),
  title: z.string(),
  purpose: z.string(),
  risk_score: z.number(),
  depth: z.number().int(),
  status: z.number().nullable(),
  forms: z.array(z.object({ action: z.string(), method: z.string(), pii_fields: z.array(z.string()), insecure: z.boolean() })),
});

export const RefusedLinkEntrySchema = z.object({
  url: z.string().describe("As the page wrote it (capped at 300 characters)."),
  scheme: z.string(),
  found_on: z.string(),
  text: z.string(),
  role: z.enum(["privacy_policy", "opt_out", "link"]).describe("What the scanner would have used it for."),
  reason: z.string(),
});

export const LlmMetadataSchema = z.object({
  enabled: z.boolean(),
  providers: z.array(
    z.object({
      provider: z.string(),
      model: z.string(),
      calls: z.number(),
      input_tokens: z.number(),
      output_tokens: z.number(),
      latency_ms_total: z.number(),
      failures: z.number(),
    }),
  ),
  disabled: z.array(z.object({ provider: z.string(), reason: z.string() })),
  budget: z.object({ max_calls: z.number(), max_tokens: z.number(), calls_used: z.number(), tokens_used: z.number() }).nullable(),
  policy_quotes: z.object({ model_added: z.number(), dropped_unverified_quotes: z.number() }).nullable(),
  note: z.string(),
});

export const ComplianceScoreSchema = z.object({ score: z.number().min(0).max(100), grade: z.enum(["A", "B", "C", "D", "F"]) });

export const ViolationSummarySchema = z.object({
  total: z.number().int().describe("Confirmed violations only; inconclusive entries are not counted."),
  inconclusive: z.number().int(),
  observations: z.number().int(),
  severity_breakdown: z.object({ HIGH: z.number().int(), MEDIUM: z.number().int(), LOW: z.number().int() }),
  max_potential_penalty_usd: z.number().nullable(),
  penalty_currency: z.string().nullable(),
  max_potential_penalty: z.number().nullable().describe("In the framework's currency."),
  by_type: z.record(z.string(), z.number().int()),
});

/** One framework's verdict on the scan's one crawl: the same evidence, that framework's rules, fines and score. */
export const FrameworkResultSchema = z.object({
  framework: FrameworkSchema,
  framework_name: z.string(),
  jurisdiction: z.string(),
  primary: z.boolean().describe("True for the request's `framework`, whose verdict is also the report's top level."),
  compliance_score: ComplianceScoreSchema,
  violation_summary: ViolationSummarySchema,
  violations: z.array(ViolationSchema),
  observations: z.array(ObservationSchema),
  gpc_verdict: GpcVerdictSchema,
  consent_verdict: ConsentVerdictSchema,
  privacy_policy_analysis: PrivacyPolicyAnalysisSchema,
});
export type FrameworkResult = z.infer<typeof FrameworkResultSchema>;

export const EvidenceReportSchema = z.object({
  report_version: z.enum(REPORT_VERSIONS).describe("The report's schema version: docs/schemas/evidence-report/<version>.schema.json. Reports written by older versions keep theirs."),
  report_metadata: z.object({
    scan_id: z.string(),
    target_url: z.string(),
    final_url: z.string().nullable(),
    framework: FrameworkSchema,
    framework_name: z.string(),
    jurisdiction: z.string(),
    generated_at: z.string(),
    scanner_version: z.string(),
    browser_version: z.string().nullable(),
    visitor_identity: VisitorIdentitySchema.nullable()
      .default(null)
      .describe("How the visitors presented themselves to the site: user agent, client hints, languages, time zone, screen."),
    evidence_version: z.string(),
    data_sources: z.array(DataSourceSchema),
    score_formula: z.string(),
    fx_note: z.string(),
    completeness: z.enum(["complete", "partial"]),
    errors: z.array(z.string()),
    inconclusive_policy: z.string().describe("Where inconclusive findings are listed and how they count."),
    llm: LlmMetadataSchema.optional().describe("Models used, their token usage and latency; never keys or prompts."),
    region: ScanRegionSchema.nullable().default(null).describe("Where the visitors appeared to be: locale, Accept-Language, timezone, and whether the region's egress proxy carried the traffic."),
    frameworks: z.array(FrameworkSchema).default([]).describe("Every framework this crawl was judged against, the primary first (see framework_results)."),
    attempt: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe("Which run of the scan wrote this report: 1, or more when the container running it was lost and another one re-ran it from the start (APO_SCAN_MAX_ATTEMPTS)."),
  }),
  session_summary: z.object({
    sessions: z.array(SessionSummarySchema),
    baseline: SessionSummarySchema.nullable().describe("The accept_all session."),
    compliance_gpc_on: SessionSummarySchema.nullable().describe("The gpc session."),
  }),
  gpc_verdict: GpcVerdictSchema,
  consent_verdict: ConsentVerdictSchema,
  consent_signals: ConsentSignalsReportSchema.default(EMPTY_CONSENT_SIGNALS),
  privacy_policy_analysis: PrivacyPolicyAnalysisSchema,
  privacy_policy_snapshot: PrivacyPolicySnapshotSchema.nullable()
    .default(null)
    .describe("The privacy policy text the scan read, with its SHA-256 (monitors diff it between runs); null when no policy text was read."),
  compliance_score: ComplianceScoreSchema,
  violation_summary: ViolationSummarySchema,
  violations: z.array(ViolationSchema),
  observations: z.array(ObservationSchema),
  trackers: z.array(TrackerEntrySchema),
  cookies: z.array(CookieEntrySchema),
  pages: z.array(PageEntrySchema),
  refused_links: z
    .array(RefusedLinkEntrySchema)
    .default([])
    .describe("Links the site wrote to something other than a web page (file:, chrome:, view-source:, data: …): recorded, never opened."),
  artifacts: z.array(z.object({ file: z.string(), kind: z.string() })),
  executive_summary: z.string().nullable().optional().describe("Model-written; see executive_summary_by."),
  executive_summary_by: z.object({ provider: z.string(), model: z.string() }).nullable().optional(),
  framework_results: z
    .array(FrameworkResultSchema)
    .default([])
    .describe("A verdict per framework on the same crawl and visitors (the primary's equals the top-level fields). Empty in reports older than multi-framework scans."),
});
export type EvidenceReport = z.infer<typeof EvidenceReportSchema>;
