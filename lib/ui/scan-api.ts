import type { z } from "zod";
import { AgentEventSchema, type AgentEvent } from "@/lib/schemas/agent-event";
import {
  CancelledSchema,
  DeletedSchema,
  ErrorEnvelopeSchema,
  ScanCreatedSchema,
  ScanListSchema,
  ScanStatusSchema,
  ShareCreatedSchema,
  TokenCreatedSchema,
  TokenListSchema,
  type ScanCreated,
  type ScanList,
  type ScanStatusView,
  type TokenView,
} from "@/lib/schemas/api";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import type { ScanRequest } from "@/lib/schemas/scan-request";

// The browser's one client of our own API. Every response is parsed with the lib/schemas schema
// the server builds it from, so a server and client that drift apart fail loudly (and in
// tests/unit/ui/scan-api.test.ts) instead of rendering a half-empty page.

/** A call that did not return what was asked: HTTP status (0: the server was not reached) and the error code. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiCallError";
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
    .join("; ");
}

function invalidResponse(status: number, error: z.ZodError): ApiCallError {
  return new ApiCallError(status, "invalid_response", `The server's answer does not match the expected shape (${describeIssues(error)}).`);
}

export async function call<S extends z.ZodType>(schema: S, path: string, init?: RequestInit): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, { cache: "no-store", ...init });
  } catch {
    throw new ApiCallError(0, "unreachable", "Could not reach the server.");
  }
  if (!res.ok) {
    const err = await apiErrorOf(res);
    throw new ApiCallError(res.status, err.code, err.message);
  }
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw invalidResponse(res.status, parsed.error);
  return parsed.data;
}

const scanPath = (scanId: string) => `/api/scans/${encodeURIComponent(scanId)}`;
export const postJson = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

// POST /api/scan
export function startScan(request: ScanRequest): Promise<ScanCreated> {
  return call(ScanCreatedSchema, "/api/scan", postJson(request));
}

// GET /api/status/{scan_id}
export function getScanStatus(scanId: string): Promise<ScanStatusView> {
  return call(ScanStatusSchema, `/api/status/${encodeURIComponent(scanId)}`);
}

// GET /api/scans
export function listScans(limit: number, offset: number): Promise<ScanList> {
  return call(ScanListSchema, `/api/scans?limit=${limit}&offset=${offset}`);
}

// GET /api/results/{scan_id} (or a shared report's URL)
export function getScanReport(url: string): Promise<EvidenceReport> {
  return call(EvidenceReportSchema, url);
}

// POST /api/scans/{scan_id}/cancel
export function cancelScan(scanId: string): Promise<z.infer<typeof CancelledSchema>> {
  return call(CancelledSchema, `${scanPath(scanId)}/cancel`, { method: "POST" });
}

// DELETE /api/scans/{scan_id}
export function deleteScan(scanId: string): Promise<z.infer<typeof DeletedSchema>> {
  return call(DeletedSchema, scanPath(scanId), { method: "DELETE" });
}

// POST /api/scans/{scan_id}/share
export function shareScan(scanId: string): Promise<z.infer<typeof ShareCreatedSchema>> {
  return call(ShareCreatedSchema, `${scanPath(scanId)}/share`, { method: "POST" });
}

/** GET /api/stream/{scan_id}, for EventSource (the session cookie authenticates it). */
export function streamUrl(scanId: string): string {
  return `/api/stream/${encodeURIComponent(scanId)}`;
}

/** One SSE `data:` line as an AgentEvent (its id from the `id:` line when the data has none), or null. */
export function parseStreamEvent(data: string, lastEventId: string): AgentEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = AgentEventSchema.safeParse(json);
  if (!parsed.success) return null;
  const event = parsed.data;
  const idFromLine = Number(lastEventId);
  if (event.id === undefined && lastEventId !== "" && Number.isInteger(idFromLine)) event.id = idFromLine;
  return event;
}

/** Reads `{error:{code,message}}` from a failed response, or says what status came back. */
export async function apiErrorOf(res: Response): Promise<{ code: string; message: string }> {
  const parsed = ErrorEnvelopeSchema.safeParse(await res.json().catch(() => undefined));
  if (parsed.success) return { code: parsed.data.error.code, message: parsed.data.error.message };
  return { code: String(res.status), message: `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}.` };
}

export async function errorMessageOf(res: Response): Promise<string> {
  return (await apiErrorOf(res)).message;
}

export function artifactUrl(scanId: string, file: string): string {
  return `/api/download/${encodeURIComponent(scanId)}/${file.split("/").map(encodeURIComponent).join("/")}`;
}

/** An API token as the Tokens page shows it. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Only present in the response that created it: the secret is shown once. */
  token: string | null;
}

function toApiToken(t: TokenView & { token?: string }): ApiToken {
  return { id: t.id, name: t.name, createdAt: t.created_at, expiresAt: t.expires_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at, token: t.token ?? null };
}

/** The body of POST /api/tokens; null when it is not a created token. */
export function readToken(json: unknown): ApiToken | null {
  const parsed = TokenCreatedSchema.safeParse(json);
  return parsed.success ? toApiToken(parsed.data) : null;
}

/** The body of GET /api/tokens. */
export function readTokenList(json: unknown): ApiToken[] {
  const parsed = TokenListSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(200, parsed.error);
  return parsed.data.tokens.map(toApiToken);
}
