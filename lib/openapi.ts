import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  CancelledSchema,
  DeletedSchema,
  ErrorEnvelopeSchema,
  HealthSchema,
  ScanCreatedSchema,
  ScanListQuerySchema,
  ScanListSchema,
  ScanStatusSchema,
  ShareCreatedSchema,
  ShareRequestSchema,
  StreamLinkRequestSchema,
  StreamLinkSchema,
  TokenCreatedSchema,
  TokenCreateSchema,
  TokenListSchema,
} from "@/lib/schemas/api";
import { registerWebhookPaths } from "@/lib/openapi-webhooks";
import { ReadySchema } from "@/lib/readiness/readiness";
import { AgentEventSchema } from "@/lib/schemas/agent-event";
import { reportCsvKinds, type ReportCsvKind } from "@/lib/exports/report-csv";
import { registerMonitorPaths } from "@/lib/monitors/openapi-monitors";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";

// The OpenAPI document is generated from the same zod schemas that validate requests and shape
// responses, so the reference at /docs cannot drift from the handlers.

const SECRET_RULE = `Authentication: \`Authorization: Bearer <JWT>\` (HS256, \`sub\` and \`exp\`, signed with the server secret) or the browser's next-auth session cookie. Mint a token with \`npm run token -- --sub <name> [--ttl 30d]\` or \`POST /api/tokens\`.

Signing secret: APO_JWT_SECRET when set (in production a placeholder or a value under 32 characters refuses to start). When unset with the embedded store (no DATABASE_URL), a random secret is generated on first run into <APO_DATA_DIR>/jwt-secret (mode 0600) and reused; when unset with DATABASE_URL in production the server refuses to start, since containers sharing a database must share the secret.

Errors: \`{"error": {"code", "message", "request_id"}}\`; input errors name the field (\`url: url is not a valid URL\`). LLM keys sent with a scan are used by that scan only: never stored, logged or returned.`;

const CSV_COLUMNS: Record<ReportCsvKind, string> = {
  violations: "One row per finding of every framework's verdict (confirmed and inconclusive): framework, violation_type, status, severity, confidence, rule_id, rule_title, citation, pages (one per line), description, fingerprint (stable across runs), penalty_min_usd, penalty_max_usd, recommendation.",
  cookies: "One row per cookie: name, domain, party, category, entity, lifetime_days, set_by, sessions (the visitors it was seen in).",
  trackers: "One row per tracker entity: entity, category, domains (one per line), requests per visitor (pre_consent, accept_all, reject_all, gpc), country.",
};

function json(schema: z.ZodType, description: string): ResponseConfig {
  return { description, content: { "application/json": { schema } } };
}

export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31["generateDocument"]> {
  const r = new OpenAPIRegistry();
  const bearer = r.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  const security = [{ [bearer.name]: [] }];
  const metricsBearer = r.registerComponent("securitySchemes", "metricsToken", { type: "http", scheme: "bearer", description: "APO_METRICS_TOKEN, configured on the server" });
  // Named components through zod 4's own metadata (extendZodWithOpenApi cannot patch schemas built before it runs).
  const Error = ErrorEnvelopeSchema.meta({ id: "Error" });
  const ScanRequest = ScanRequestSchema.meta({ id: "ScanRequest" });
  const ScanStatus = ScanStatusSchema.meta({ id: "ScanStatus" });
  const AgentEvent = AgentEventSchema.meta({ id: "AgentEvent" });
  const EvidenceReport = EvidenceReportSchema.meta({ id: "EvidenceReport" });
  const scanId = z.object({ scan_id: z.uuid() });
  const err = (d: string) => json(Error, d);
  // Download links and EventSource URLs of clients that cannot send headers; off by default.
  const queryToken = z.string().optional().describe("An API token, accepted only when the server sets APO_ACCEPT_QUERY_TOKENS=true (otherwise 401); never with an Authorization header");
  const common = { 401: err("Missing, invalid, expired or revoked credentials"), 404: err("Unknown scan, or not the caller's") };

  r.registerPath({
    method: "post", path: "/api/scan", summary: "Start a scan", security,
    description: "Validates the request, rejects targets that are, or resolve to, private/loopback/link-local/metadata addresses (`target_not_allowed`; an operator may allow listed intranet ranges) and names that do not resolve (`unresolvable_target`), queues the scan and returns at once.",
    request: { body: { content: { "application/json": { schema: ScanRequest } } } },
    responses: { 202: json(ScanCreatedSchema, "Queued"), 400: err("Invalid field (the message names it)"), 401: common[401], 413: err("Body over 32 KB"), 422: err("Target not allowed, or its name does not resolve"), 429: err("Rate limited (`rate_limited`, Retry-After), or too many of the caller's scans queued or running (`too_many_active_scans`)") },
  });
  r.registerPath({
    method: "get", path: "/api/stream/{scan_id}", summary: "Live agent log (Server-Sent Events)", security,
    description: "Each event has an `id:` and `data:` an AgentEvent. Reconnect with `Last-Event-ID` (or `?last_event_id=`) to replay what was missed; the stream ends with `{agent:\"system\", level:\"DONE\", msg:\"complete\"|\"error\"}`. A keep-alive comment is sent every 10 s. Browser EventSource clients, which cannot send headers, use the URL from `POST /api/scans/{scan_id}/stream-link` (its `stream_token` is good for this stream only, for minutes). `?token=<API token>` is accepted only where the operator set `APO_ACCEPT_QUERY_TOKENS=true` (otherwise 401): a long-lived token in a URL ends up in proxy logs and browser history, so prefer stream links.",
    request: { params: scanId, query: z.object({ stream_token: z.string().optional(), token: queryToken, last_event_id: z.coerce.number().int().optional() }) },
    responses: { 200: { description: "text/event-stream of AgentEvent", content: { "text/event-stream": { schema: AgentEvent } } }, ...common, 429: err("Too many open streams for the caller (`too_many_streams`)") },
  });
  r.registerPath({ method: "get", path: "/api/status/{scan_id}", summary: "Scan status, phase, progress, queue position", security, request: { params: scanId }, responses: { 200: json(ScanStatus, "Status"), ...common } });
  r.registerPath({
    method: "get", path: "/api/results/{scan_id}", summary: "The evidence report", security, request: { params: scanId },
    responses: { 200: json(EvidenceReport, "The evidence report (its JSON Schema: GET /api/schemas/evidence-report.json)"), ...common, 409: err("Scan ended without a report"), 425: err("Scan still queued or running") },
  });
  r.registerPath({
    method: "get", path: "/api/download/evidence_report.json", summary: "The caller's latest completed report", security,
    request: { query: z.object({ scan_id: z.uuid().optional(), token: queryToken }) },
    responses: { 200: { description: "JSON attachment" }, ...common },
  });
  r.registerPath({
    method: "get", path: "/api/download/{scan_id}/{file}", summary: "One artefact (json, html, pdf, har, traffic log, interaction graph, screenshots/…)", security,
    request: { params: z.object({ scan_id: z.uuid(), file: z.string() }), query: z.object({ token: queryToken }) },
    responses: { 200: { description: "The file, as an attachment with its content type" }, 400: err("Invalid path"), ...common, 425: err("Not ready") },
  });
  for (const table of reportCsvKinds) {
    r.registerPath({
      method: "get", path: `/api/download/{scan_id}/${table}.csv`, summary: `The report's ${table} as CSV, for spreadsheets`, security,
      description: `Generated from the stored report. ${CSV_COLUMNS[table]} UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting; a text cell starting with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return is prefixed with \`'\` so spreadsheets do not run it as a formula. Attachment named \`<host>-<scan_id>-${table}.csv\`.`,
      request: { params: scanId, query: z.object({ token: queryToken }) },
      responses: { 200: { description: "CSV attachment", content: { "text/csv": { schema: z.string() } } }, ...common, 409: err("Scan ended without a report"), 425: err("Scan still queued or running") },
    });
  }
  r.registerPath({
    method: "get", path: "/api/download/{scan_id}/bundle.zip", summary: "Every artefact of a finished scan with its signed manifest, for `apo verify`", security,
    description: "A zip of every artefact (files keep their paths, screenshots/…), `evidence-manifest.json` (hashes of the evidence; its SHA-256 is printed on the HTML/PDF report), `manifest.json` (hashes of every file, versions, times, the signing public key) and `manifest.sig` (base64 Ed25519 signature of manifest.json's bytes; absent when the server has no signing key). Check it offline with `apo verify <bundle.zip> --public-key <GET /api/signing-key>`.",
    request: { params: scanId, query: z.object({ token: queryToken }) },
    responses: { 200: { description: "Zip attachment `apo-<scan_id>-bundle.zip`", content: { "application/zip": { schema: z.string() } } }, ...common, 425: err("Scan still queued or running") },
  });
  r.registerPath({
    method: "get", path: "/api/signing-key", summary: "The public key evidence bundles are signed with (PEM, no auth)",
    responses: { 200: { description: "SPKI PEM; its key id (SHA-256 of the DER) in `X-APO-Key-Id`", content: { "application/x-pem-file": { schema: z.string() } } }, 404: err("Signing is disabled (production with DATABASE_URL and no APO_SIGNING_KEY)") },
  });
  r.registerPath({ method: "get", path: "/api/scans", summary: "Scan history (newest first)", security, request: { query: ScanListQuerySchema }, responses: { 200: json(ScanListSchema, "A page of scans"), 401: common[401] } });
  r.registerPath({ method: "get", path: "/api/scans/{scan_id}", summary: "One scan (same as status)", security, request: { params: scanId }, responses: { 200: json(ScanStatus, "Status"), ...common } });
  r.registerPath({ method: "delete", path: "/api/scans/{scan_id}", summary: "Delete a scan, its events, artefacts and share links", security, request: { params: scanId }, responses: { 200: json(DeletedSchema, "Deleted"), ...common } });
  r.registerPath({ method: "post", path: "/api/scans/{scan_id}/cancel", summary: "Cancel a queued or running scan", security, request: { params: scanId }, responses: { 200: json(CancelledSchema, "The status after cancelling"), ...common } });
  r.registerPath({
    method: "post", path: "/api/scans/{scan_id}/share", summary: "A signed, expiring link to the report (no account needed)", security,
    request: { params: scanId, body: { required: false, content: { "application/json": { schema: ShareRequestSchema } } } },
    responses: { 201: json(ShareCreatedSchema, "The link"), ...common, 409: err("Scan not complete") },
  });
  r.registerPath({
    method: "post", path: "/api/scans/{scan_id}/stream-link", summary: "A short-lived signed URL to the scan's event stream, for EventSource clients", security,
    request: { params: scanId, body: { required: false, content: { "application/json": { schema: StreamLinkRequestSchema } } } },
    responses: { 201: json(StreamLinkSchema, "The stream URL and when it stops opening"), ...common },
  });
  r.registerPath({ method: "get", path: "/api/shared/{token}", summary: "Open a shared report (HTML)", request: { params: z.object({ token: z.string() }) }, responses: { 200: { description: "HTML" }, 303: { description: "Redirect to the HTML report" }, 404: err("Invalid, expired or revoked link") } });
  r.registerPath({ method: "get", path: "/api/shared/{token}/{file}", summary: "A shared report's artefact", request: { params: z.object({ token: z.string(), file: z.string() }) }, responses: { 200: { description: "The file" }, 404: err("Invalid, expired or revoked link") } });
  r.registerPath({ method: "post", path: "/api/tokens", summary: "Mint an API token (shown once)", security, request: { body: { content: { "application/json": { schema: TokenCreateSchema } } } }, responses: { 201: json(TokenCreatedSchema, "The token"), 400: err("Invalid field"), 401: common[401] } });
  r.registerPath({ method: "get", path: "/api/tokens", summary: "List the caller's API tokens", security, responses: { 200: json(TokenListSchema, "Tokens (without the token text)"), 401: common[401] } });
  r.registerPath({ method: "delete", path: "/api/tokens/{token_id}", summary: "Revoke an API token", security, request: { params: z.object({ token_id: z.uuid() }) }, responses: { 200: { description: "Revoked" }, 401: common[401], 404: err("Unknown token") } });
  r.registerPath({
    method: "get", path: "/api/schemas/evidence-report.json", summary: "The evidence report's JSON Schema (draft 2020-12, no auth)",
    description: "Generated from the same zod schema as the EvidenceReport component, for clients that generate types; also committed as docs/schemas/evidence-report.schema.json.",
    responses: { 200: { description: "JSON Schema", content: { "application/schema+json": { schema: z.record(z.string(), z.unknown()) } } } },
  });
  registerWebhookPaths(r, { security, json, err });
  registerMonitorPaths(r, { security, json, err });
  r.registerPath({ method: "get", path: "/api/health", summary: "Liveness (no auth)", responses: { 200: json(HealthSchema, "OK") } });
  r.registerPath({ method: "get", path: "/health", summary: "Liveness (no auth), the same as /api/health", responses: { 200: json(HealthSchema, "OK") } });
  const Readiness = ReadySchema.meta({ id: "Readiness" });
  r.registerPath({
    method: "get", path: "/api/ready", summary: "Readiness (no auth): the store and the browser",
    description: "For the load balancer's target group. 200 when the store answers `select 1` within 2 s and the scanner's Chromium exists and starts (a launch check cached for a minute: probes never start a browser each time); 503 with the failed check's `detail` otherwise, and 503 `draining` once SIGTERM started the shutdown. `/api/health` stays liveness and touches no database.",
    responses: { 200: json(Readiness, "Ready"), 503: json(Readiness, "Not ready (which check failed) or draining") },
  });
  r.registerPath({
    method: "get", path: "/api/metrics", summary: "Prometheus metrics (bearer APO_METRICS_TOKEN)", security: [{ [metricsBearer.name]: [] }],
    description: "Prometheus text exposition (version 0.0.4): `apo_queue_depth` (queued scans in the shared store, read at scrape time), `apo_scans_running{scope=\"process\"|\"cluster\"}`, `apo_scan_duration_seconds{outcome}` (histogram), `apo_scans_ended_total{status}`, `apo_sse_clients`, `apo_engine_restarts_total{reason}`, `apo_retention_deleted_scans_total`, and Node's default process metrics. Off (404) unless the server sets APO_METRICS_TOKEN; then only `Authorization: Bearer <APO_METRICS_TOKEN>` reads it (API tokens do not).",
    responses: { 200: { description: "Metrics", content: { "text/plain": { schema: z.string() } } }, 401: err("Missing or wrong metrics token"), 404: err("Metrics are disabled (APO_METRICS_TOKEN unset)") },
  });

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "APO – Autonomous Privacy Observability API", version: "1.0.0", description: SECRET_RULE },
    servers: [{ url: "/" }],
  });
}
