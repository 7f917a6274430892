import type { ProgressAgent } from "./event-log";

// The service API's JSON, normalised for the UI. The readers accept both snake_case and
// camelCase and tolerate missing fields, because a scan list or status that renders partially
// is better for an analyst than a page that throws.

export const scanStatuses = ["queued", "running", "complete", "error", "cancelled", "interrupted"] as const;
export type ScanStatus = (typeof scanStatuses)[number];
export const finalStatuses: readonly ScanStatus[] = ["complete", "error", "cancelled", "interrupted"];

export function isFinal(status: ScanStatus): boolean {
  return finalStatuses.includes(status);
}

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}
function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
function first(r: Rec, ...keys: string[]): unknown {
  for (const k of keys) if (r[k] !== undefined && r[k] !== null) return r[k];
  return undefined;
}
function status(v: unknown): ScanStatus {
  return scanStatuses.includes(v as ScanStatus) ? (v as ScanStatus) : "queued";
}

export interface ScanErrorInfo {
  code: string;
  message: string;
}

export interface ScanStatusInfo {
  scanId: string;
  status: ScanStatus;
  phase: string | null;
  progress: Partial<Record<ProgressAgent, number>>;
  queuePosition: number | null;
  error: ScanErrorInfo | null;
  url: string | null;
  framework: string | null;
  createdAt: string | null;
  /** Files already written for this scan; a failed scan keeps what it collected. */
  artifacts: Array<{ file: string; kind: string }>;
}

function readArtifacts(v: unknown): Array<{ file: string; kind: string }> {
  if (!Array.isArray(v)) return [];
  return v
    .map((a) => (typeof a === "string" ? { file: a, kind: "" } : { file: str(rec(a).file) ?? str(rec(a).name) ?? "", kind: str(rec(a).kind) ?? "" }))
    .filter((a) => a.file !== "");
}

function readError(v: unknown): ScanErrorInfo | null {
  if (typeof v === "string") return { code: "error", message: v };
  const r = rec(v);
  const message = str(r.message);
  return message ? { code: str(r.code) ?? "error", message } : null;
}

export function readStatus(json: unknown, fallbackId: string): ScanStatusInfo {
  const r = rec(json);
  const p = rec(r.progress);
  const progress: ScanStatusInfo["progress"] = {};
  for (const a of ["discovery", "interaction", "observability"] as const) {
    const n = num(p[a]);
    if (n !== null) progress[a] = n;
  }
  return {
    scanId: str(first(r, "scan_id", "id")) ?? fallbackId,
    status: status(r.status),
    phase: str(r.phase),
    progress,
    queuePosition: num(first(r, "queue_position", "queuePosition")),
    error: readError(r.error),
    url: str(first(r, "url", "target_url")),
    framework: str(r.framework),
    createdAt: str(first(r, "created_at", "createdAt")),
    artifacts: readArtifacts(r.artifacts),
  };
}

export interface ScanListItem {
  scanId: string;
  url: string;
  framework: string;
  status: ScanStatus;
  createdAt: string | null;
  finishedAt: string | null;
  totalViolations: number | null;
  severity: { HIGH: number; MEDIUM: number; LOW: number } | null;
  score: number | null;
  grade: string | null;
  maxPenaltyUsd: number | null;
  request: Rec;
}

export function readScanListItem(json: unknown): ScanListItem | null {
  const r = rec(json);
  const scanId = str(first(r, "scan_id", "id"));
  if (!scanId) return null;
  const s = rec(r.summary);
  const sb = rec(first(s, "severity_breakdown", "severityBreakdown") ?? first(r, "severity_breakdown"));
  const hasBreakdown = num(sb.HIGH) !== null || num(sb.MEDIUM) !== null || num(sb.LOW) !== null;
  return {
    scanId,
    url: str(first(r, "url", "target_url")) ?? "",
    framework: str(r.framework) ?? "",
    status: status(r.status),
    createdAt: str(first(r, "created_at", "createdAt")),
    finishedAt: str(first(r, "finished_at", "finishedAt")),
    totalViolations: num(first(s, "total_violations", "totalViolations") ?? first(r, "total_violations", "violations")),
    severity: hasBreakdown ? { HIGH: num(sb.HIGH) ?? 0, MEDIUM: num(sb.MEDIUM) ?? 0, LOW: num(sb.LOW) ?? 0 } : null,
    score: num(first(s, "compliance_score", "complianceScore") ?? first(r, "compliance_score", "score")),
    grade: str(first(s, "grade") ?? r.grade),
    maxPenaltyUsd: num(first(s, "max_potential_penalty_usd") ?? r.max_potential_penalty_usd),
    request: rec(r.request),
  };
}

export interface ScanListPage {
  items: ScanListItem[];
  total: number;
}

export function readScanList(json: unknown): ScanListPage {
  const r = rec(json);
  const raw = Array.isArray(json) ? json : (first(r, "items", "scans", "data") ?? []);
  const items = (Array.isArray(raw) ? raw : []).map(readScanListItem).filter((x): x is ScanListItem => x !== null);
  return { items, total: num(r.total) ?? items.length };
}

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

export function readToken(json: unknown): ApiToken | null {
  const r = rec(json);
  const id = str(first(r, "id", "token_id"));
  if (!id) return null;
  return {
    id,
    name: str(r.name) ?? "Unnamed token",
    createdAt: str(first(r, "created_at", "createdAt")),
    expiresAt: str(first(r, "expires_at", "expiresAt")),
    lastUsedAt: str(first(r, "last_used_at", "lastUsedAt")),
    revokedAt: str(first(r, "revoked_at", "revokedAt")),
    token: str(first(r, "token", "access_token", "secret")),
  };
}

export function readTokenList(json: unknown): ApiToken[] {
  const r = rec(json);
  const raw = Array.isArray(json) ? json : (first(r, "items", "tokens", "data") ?? []);
  return (Array.isArray(raw) ? raw : []).map(readToken).filter((x): x is ApiToken => x !== null);
}

/** Reads `{error:{code,message}}` from a failed response, or says what status came back. */
export async function apiErrorOf(res: Response): Promise<{ code: string; message: string }> {
  try {
    const body = rec(await res.json());
    const err = rec(body.error);
    const msg = str(err.message) ?? str(body.message);
    if (msg) return { code: str(err.code) ?? String(res.status), message: msg };
  } catch {
    // Not JSON: fall through to the status line.
  }
  return { code: String(res.status), message: `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}.` };
}

export async function errorMessageOf(res: Response): Promise<string> {
  return (await apiErrorOf(res)).message;
}

export function artifactUrl(scanId: string, file: string): string {
  return `/api/download/${encodeURIComponent(scanId)}/${file.split("/").map(encodeURIComponent).join("/")}`;
}
