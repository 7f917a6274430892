import { ApiError } from "@/lib/api/errors";
import type { Framework } from "@/lib/schemas/framework";
import {
  MonitorCreateSchema,
  MonitorDiffSchema,
  MonitorPatchSchema,
  type Monitor,
  type MonitorCreate,
  type MonitorPatch,
  type MonitorRun,
} from "@/lib/schemas/monitor";
import { resolveRegion } from "@/lib/schemas/region";
import { scanFrameworks, ScanRequestSchema, type ScanRequest } from "@/lib/schemas/scan-request";
import type { MonitorRecord, MonitorRunRecord, ScanRecord } from "@/lib/store/types";

// Pure: what a monitor stores, the ordinary scan each run is, and the API's view of both.

/** The sparkline's length: the last runs with a score. */
export const TREND_RUNS = 20;

/**
 * As the scan API reads a body: with no `framework` but a `frameworks` list, the list's first
 * entry is the primary (the field's default, CCPA, would otherwise be added in front of it).
 */
function primaryFromList(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const body = input as Record<string, unknown>;
  if (body.framework !== undefined || !Array.isArray(body.frameworks) || typeof body.frameworks[0] !== "string") return input;
  return { ...body, framework: body.frameworks[0] };
}

export function parseMonitorCreate(body: unknown): MonitorCreate {
  return MonitorCreateSchema.parse(primaryFromList(body));
}

export function parseMonitorPatch(body: unknown): MonitorPatch {
  return MonitorPatchSchema.parse(primaryFromList(body));
}

/** The server's floor (APO_MONITOR_MIN_INTERVAL_MINUTES): a 400 that names the field. */
export function assertIntervalFloor(minutes: number, floor: number): void {
  if (minutes < floor) {
    throw new ApiError("validation_error", `interval_minutes: must be at least ${floor} minutes on this server (APO_MONITOR_MIN_INTERVAL_MINUTES)`);
  }
}

type RequestFields = Pick<MonitorCreate, "framework" | "frameworks" | "region" | "crawl_depth" | "max_pages" | "use_llm">;

/** What each run scans with: no url (the monitor's own column) and never an LLM key. */
export function storedMonitorRequest(fields: RequestFields): Record<string, unknown> {
  const request: Record<string, unknown> = { framework: fields.framework, crawl_depth: fields.crawl_depth, use_llm: fields.use_llm };
  if (fields.frameworks) request.frameworks = fields.frameworks;
  if (fields.region) request.region = fields.region;
  if (fields.max_pages !== undefined) request.max_pages = fields.max_pages;
  return request;
}

/** The stored request with a PATCH's fields applied (`max_pages: null` returns to the default budget). */
export function patchedMonitorRequest(stored: Record<string, unknown>, patch: MonitorPatch): Record<string, unknown> {
  const next = { ...stored };
  for (const field of ["framework", "frameworks", "region", "crawl_depth", "use_llm"] as const) {
    if (patch[field] !== undefined) next[field] = patch[field];
  }
  if (patch.max_pages === null) delete next.max_pages;
  else if (patch.max_pages !== undefined) next.max_pages = patch.max_pages;
  return next;
}

/**
 * The request a run's scan gets, validated by the scan API's own schema: a run is an ordinary
 * scan. Throws a ZodError naming the field when the combination is not a valid scan (a
 * framework listed twice, say).
 */
export function monitorScanRequest(url: string, stored: Record<string, unknown>): ScanRequest {
  // A monitor holds no LLM key: whatever the stored request says, the run carries none.
  return { ...ScanRequestSchema.parse({ ...stored, url }), claude_key: undefined, openai_key: undefined };
}

/** The scan row's stored request, as createScan stores one: the effective region filled in. */
export function storedScanRequest(request: ScanRequest): Record<string, unknown> {
  const { claude_key: _c, openai_key: _o, ...stored } = request;
  return { ...stored, region: resolveRegion(stored.region, stored.framework).id };
}

export function defaultMonitorName(url: string): string {
  return new URL(url).host;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const scoreOf = (scan: ScanRecord) => scan.summary?.compliance_score ?? null;
const violationsOf = (scan: ScanRecord) => scan.summary?.total_violations ?? null;

/**
 * The API's monitor. `runs` are the monitor's newest runs, newest first (as the store lists
 * them); the trend keeps the completed ones (a failed run has no score), oldest first.
 */
export function toMonitorView(monitor: MonitorRecord, runs: MonitorRunRecord[]): Monitor {
  const r = monitor.request;
  const framework = r.framework as Framework;
  const last = runs[0]?.scan;
  const trend = runs
    .filter((run) => run.scan.status === "complete")
    .slice(0, TREND_RUNS)
    .reverse()
    .map((run) => ({ scan_id: run.scanId, finished_at: iso(run.scan.finishedAt), score: scoreOf(run.scan), violations: violationsOf(run.scan) }));
  return {
    monitor_id: monitor.id,
    name: monitor.name,
    url: monitor.url,
    framework,
    frameworks: scanFrameworks({ framework, frameworks: r.frameworks as Framework[] | undefined }),
    region: typeof r.region === "string" ? r.region : null,
    crawl_depth: Number(r.crawl_depth),
    max_pages: typeof r.max_pages === "number" ? r.max_pages : null,
    interval_minutes: monitor.intervalMinutes,
    webhook_url: monitor.webhookUrl,
    alert_on: monitor.alertOn,
    use_llm: r.use_llm === true,
    enabled: monitor.enabled,
    created_at: monitor.createdAt.toISOString(),
    updated_at: monitor.updatedAt.toISOString(),
    next_run_at: iso(monitor.nextRunAt),
    last_run: last
      ? { scan_id: last.id, status: last.status, created_at: last.createdAt.toISOString(), finished_at: iso(last.finishedAt), score: scoreOf(last), violations: violationsOf(last) }
      : null,
    trend,
  };
}

/** One run as the runs list shows it: the diff once the run is finalized, the scan's error if it failed. */
export function toMonitorRunView(run: MonitorRunRecord): MonitorRun {
  const diff = run.finalizedAt && run.diff !== null ? MonitorDiffSchema.safeParse(run.diff) : null;
  return {
    scan_id: run.scanId,
    trigger: run.trigger,
    status: run.scan.status,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.scan.startedAt),
    finished_at: iso(run.scan.finishedAt),
    score: scoreOf(run.scan),
    violations: violationsOf(run.scan),
    error: run.scan.error,
    diff: diff?.success ? diff.data : null,
  };
}
