import type { ScanArtifact } from "@/agents/types";
import type { AgentName, LogLevel } from "@/lib/schemas/agent-event";
import { runMigrations } from "./migrations";
import { SqlOpsStore, type OpsStore } from "./ops-store";
import type { SqlDriver } from "./sql-driver";
import type {
  AgentProgress,
  AlertOn,
  ClaimedDelivery,
  DeliveryAttempt,
  DeliveryRecord,
  MonitorRecord,
  MonitorRunRecord,
  MonitorRunTrigger,
  MonitorUpdate,
  NewMonitor,
  HeldScan,
  NewScan,
  Page,
  RecoveredScans,
  AppendResult,
  ScanError,
  ScanHolder,
  ScanPatch,
  ScanRecord,
  ScanStatus,
  ScanSummary,
  ShareRecord,
  Store,
  StoredEvent,
  TokenRecord,
  ViolationRow,
} from "./types";

interface ScanRow {
  id: string;
  owner: string;
  url: string;
  framework: string;
  request: Record<string, unknown>;
  status: ScanStatus;
  phase: string | null;
  progress: AgentProgress;
  error: ScanError | null;
  summary: ScanSummary | null;
  artifacts: ScanArtifact[];
  worker_id: string | null;
  pinned: boolean;
  cancel_requested: boolean;
  attempt: number;
  previous_worker_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface EventRow {
  seq: number;
  ts: string;
  agent: AgentName;
  level: LogLevel;
  msg: string;
  progress: number | null;
  phase: string | null;
}

interface TokenRow {
  id: string;
  owner: string;
  name: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

interface ShareRow {
  id: string;
  scan_id: string;
  owner: string;
  created_at: Date;
  expires_at: Date;
}

// Every column but the (possibly large) report, which only getReport reads.
const SCAN_COLUMN_NAMES = [
  "id", "owner", "url", "framework", "request", "status", "phase", "progress", "error", "summary", "artifacts", "worker_id", "pinned", "cancel_requested", "attempt", "previous_worker_id", "created_at", "started_at", "finished_at",
];
const SCAN_COLUMNS = SCAN_COLUMN_NAMES.join(", ");
const LIVE = "status in ('queued', 'running')";
// Why a pinned scan cannot move when its container is lost (ScanErrorCode pinned_worker_lost).
const PINNED_WORKER_LOST =
  "The server holding this scan's LLM keys stopped before the scan finished. The keys were never stored, so no other server can continue it: re-run the scan and enter the keys again.";

interface MonitorRow {
  id: string;
  owner: string;
  name: string;
  url: string;
  request: Record<string, unknown>;
  interval_minutes: number;
  webhook_url: string | null;
  webhook_secret: string | null;
  alert_on: AlertOn;
  enabled: boolean;
  next_run_at: Date | null;
  active_scan_id: string | null;
  created_at: Date;
  updated_at: Date;
}

interface MonitorRunRow {
  scan_id: string;
  monitor_id: string;
  trigger: MonitorRunTrigger;
  base_scan_id: string | null;
  diff: unknown;
  finalized_at: Date | null;
  run_created_at: Date;
}

interface DeliveryRow {
  id: string;
  monitor_id: string;
  scan_id: string | null;
  event_type: string;
  payload: string;
  status: DeliveryRecord["status"];
  attempt_count: number;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
  attempts: Array<{ attempt: number; at: string; response_status: number | null; error: string | null; duration_ms: number }>;
}

const MONITOR_COLUMNS =
  "id, owner, name, url, request, interval_minutes, webhook_url, webhook_secret, alert_on, enabled, next_run_at, active_scan_id, created_at, updated_at";
// A run's row with its scan's columns (prefixed s.) beside it.
const RUN_COLUMNS = `r.scan_id, r.monitor_id, r.trigger, r.base_scan_id, r.diff, r.finalized_at, r.created_at as run_created_at, ${SCAN_COLUMNS_OF("s")}`;
// A monitor is free for a new run when its last run has ended. A run id with no scan row (the user
// deleted that scan) frees it too, but only after a while: a concurrent claim cannot yet see a
// scan another transaction is inserting, and must not take it for deleted.
const MONITOR_FREE = `(m.active_scan_id is null
  or exists (select 1 from scans a where a.id = m.active_scan_id and a.status not in ('queued', 'running'))
  or (not exists (select 1 from scans a where a.id = m.active_scan_id) and m.active_since < now() - interval '10 minutes'))`;

function SCAN_COLUMNS_OF(alias: string): string {
  return SCAN_COLUMN_NAMES.map((c) => `${alias}.${c}`).join(", ");
}


const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function toScan(row: ScanRow): ScanRecord {
  return {
    id: row.id,
    owner: row.owner,
    url: row.url,
    framework: row.framework,
    request: row.request,
    status: row.status,
    phase: row.phase,
    progress: row.progress ?? {},
    error: row.error,
    summary: row.summary,
    artifacts: row.artifacts ?? [],
    workerId: row.worker_id,
    pinned: row.pinned,
    cancelRequested: row.cancel_requested,
    attempt: row.attempt ?? 1,
    previousWorkerId: row.previous_worker_id ?? null,
    createdAt: toDate(row.created_at) ?? new Date(0),
    startedAt: toDate(row.started_at),
    finishedAt: toDate(row.finished_at),
  };
}

function toEvent(row: EventRow): StoredEvent {
  const event: StoredEvent = { id: row.seq, timestamp: row.ts, agent: row.agent, level: row.level, msg: row.msg };
  if (row.progress !== null) event.progress = row.progress;
  if (row.phase !== null) event.phase = row.phase;
  return event;
}

function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    owner: row.owner,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: toDate(row.created_at) ?? new Date(0),
    expiresAt: toDate(row.expires_at) ?? new Date(0),
    revokedAt: toDate(row.revoked_at),
    lastUsedAt: toDate(row.last_used_at),
  };
}

function toShare(row: ShareRow): ShareRecord {
  return {
    id: row.id,
    scanId: row.scan_id,
    owner: row.owner,
    createdAt: toDate(row.created_at) ?? new Date(0),
    expiresAt: toDate(row.expires_at) ?? new Date(0),
  };
}

function toMonitor(row: MonitorRow): MonitorRecord {
  return {
    id: row.id,
    owner: row.owner,
    name: row.name,
    url: row.url,
    request: row.request,
    intervalMinutes: row.interval_minutes,
    webhookUrl: row.webhook_url,
    webhookSecretSealed: row.webhook_secret,
    alertOn: row.alert_on,
    enabled: row.enabled,
    nextRunAt: toDate(row.next_run_at),
    activeScanId: row.active_scan_id,
    createdAt: toDate(row.created_at) ?? new Date(0),
    updatedAt: toDate(row.updated_at) ?? new Date(0),
  };
}

function toMonitorRun(row: MonitorRunRow & ScanRow): MonitorRunRecord {
  return {
    scanId: row.scan_id,
    monitorId: row.monitor_id,
    trigger: row.trigger,
    baseScanId: row.base_scan_id,
    diff: row.diff ?? null,
    finalizedAt: toDate(row.finalized_at),
    createdAt: toDate(row.run_created_at) ?? new Date(0),
    scan: toScan(row),
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    scanId: row.scan_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: toDate(row.next_attempt_at),
    createdAt: toDate(row.created_at) ?? new Date(0),
    deliveredAt: toDate(row.delivered_at),
    attempts: (row.attempts ?? []).map(
      (a): DeliveryAttempt => ({ attempt: a.attempt, at: new Date(a.at), responseStatus: a.response_status, error: a.error, durationMs: a.duration_ms }),
    ),
  };
}

const json = (v: unknown): string => JSON.stringify(v);

/**
 * A CTE that stores NewScan.firstEvent as event 1 of the row the statement's `scan` CTE inserted
 * (nothing when it inserted none, or when there is no first event). Its six parameters start at $n.
 */
const FIRST_EVENT_CTE = (n: number) => `first_event as (
         insert into scan_events (scan_id, seq, ts, agent, level, msg, progress, phase)
         select scan.id, 1, $${n}::text, $${n + 1}::text, $${n + 2}::text, $${n + 3}::text, $${n + 4}::float8, $${n + 5}::text
         from scan where $${n + 3}::text is not null
       )`;

function firstEventParams({ firstEvent: e }: NewScan): unknown[] {
  if (!e) return [null, null, null, null, null, null];
  return [e.timestamp ?? new Date().toISOString(), e.agent, e.level, e.msg, e.progress ?? null, e.phase ?? null];
}

/** `column = $n` clauses for an update; each value is pushed onto `params`, after any leading ones ($1 = id …). */
function setClauses(params: unknown[]) {
  const sets: string[] = [];
  const add = (column: string, value: unknown, cast = "") => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  return { sets, add };
}

/** One SQL implementation of Store for both homes: PGlite (embedded) and node-postgres. */
export class SqlStore implements Store {
  readonly listen?: SqlDriver["listen"];

  constructor(
    private readonly db: SqlDriver,
    readonly kind: "embedded" | "postgres",
  ) {
    if (db.listen) this.listen = db.listen.bind(db);
  }

  private opsStore: OpsStore | undefined;
  get ops(): OpsStore {
    this.opsStore ??= new SqlOpsStore(this.db);
    return this.opsStore;
  }

  migrate(options?: { autoMigrate?: boolean }): Promise<void> {
    return runMigrations(this.db, options);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async createScan(scan: NewScan): Promise<ScanRecord> {
    const rows = await this.db.query<ScanRow>(
      `with scan as (
         insert into scans (id, owner, url, framework, request, status, worker_id, pinned, heartbeat_at)
         values ($1, $2, $3, $4, $5::jsonb, 'queued', $6, $7, case when $7 then now() else null end)
         returning ${SCAN_COLUMNS}
       ), ${FIRST_EVENT_CTE(8)}
       select * from scan`,
      [scan.id, scan.owner, scan.url, scan.framework, json(scan.request), scan.workerId, scan.pinned, ...firstEventParams(scan)],
    );
    return toScan(rows[0]!);
  }

  async getScan(id: string, owner?: string): Promise<ScanRecord | null> {
    const rows = await this.db.query<ScanRow>(
      `select ${SCAN_COLUMNS} from scans where id = $1 and ($2::text is null or owner = $2)`,
      [id, owner ?? null],
    );
    return rows[0] ? toScan(rows[0]) : null;
  }

  async getReport(id: string, owner?: string): Promise<unknown> {
    const rows = await this.db.query<{ report: unknown }>(
      "select report from scans where id = $1 and ($2::text is null or owner = $2)",
      [id, owner ?? null],
    );
    return rows[0]?.report ?? null;
  }

  async listScans(owner: string, limit: number, offset: number): Promise<Page<ScanRecord>> {
    const [rows, count] = await Promise.all([
      this.db.query<ScanRow>(
        `select ${SCAN_COLUMNS} from scans where owner = $1 order by created_at desc, queue_order desc limit $2 offset $3`,
        [owner, limit, offset],
      ),
      this.db.query<{ n: number }>("select count(*)::int as n from scans where owner = $1", [owner]),
    ]);
    return { items: rows.map(toScan), total: count[0]?.n ?? 0 };
  }

  async latestCompletedScan(owner: string): Promise<ScanRecord | null> {
    const rows = await this.db.query<ScanRow>(
      `select ${SCAN_COLUMNS} from scans where owner = $1 and status = 'complete' order by finished_at desc nulls last limit 1`,
      [owner],
    );
    return rows[0] ? toScan(rows[0]) : null;
  }

  async updateScan(id: string, patch: ScanPatch, holder?: ScanHolder): Promise<boolean> {
    const params: unknown[] = [id, holder?.workerId ?? null, holder?.attempt ?? null];
    const { sets, add } = setClauses(params);
    if (patch.status !== undefined) add("status", patch.status);
    if (patch.phase !== undefined) add("phase", patch.phase);
    if (patch.progress !== undefined) add("progress", json(patch.progress), "::jsonb");
    if (patch.error !== undefined) add("error", patch.error === null ? null : json(patch.error), "::jsonb");
    if (patch.summary !== undefined) add("summary", patch.summary === null ? null : json(patch.summary), "::jsonb");
    if (patch.report !== undefined) add("report", patch.report === null ? null : json(patch.report), "::jsonb");
    if (patch.artifacts !== undefined) add("artifacts", json(patch.artifacts), "::jsonb");
    if (patch.finishedAt !== undefined) add("finished_at", patch.finishedAt);
    if (sets.length === 0) return true;
    const rows = await this.db.query<{ id: string }>(
      `update scans set ${sets.join(", ")} where id = $1 and ($2::text is null or (worker_id = $2 and attempt = $3::int)) returning id`,
      params,
    );
    return rows.length > 0;
  }

  async deleteScan(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>("delete from scans where id = $1 and owner = $2 returning id", [id, owner]);
    return rows.length > 0;
  }

  async queuePosition(id: string): Promise<number | null> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from scans q, scans me
       where me.id = $1 and me.status = 'queued' and q.status = 'queued' and q.queue_order <= me.queue_order`,
      [id],
    );
    const n = rows[0]?.n ?? 0;
    return n > 0 ? n : null;
  }

  async recentScans(owner: string, windowSeconds: number): Promise<{ count: number; retryAfterSeconds: number }> {
    const rows = await this.db.query<{ n: number; retry_after: number | null }>(
      `select count(*)::int as n,
              ceil(extract(epoch from min(created_at) + make_interval(secs => $2) - now()))::int as retry_after
       from scans where owner = $1 and created_at > now() - make_interval(secs => $2)`,
      [owner, windowSeconds],
    );
    return { count: rows[0]?.n ?? 0, retryAfterSeconds: Math.max(1, rows[0]?.retry_after ?? 1) };
  }

  async activeScans(owner: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>("select count(*)::int as n from scans where owner = $1 and status in ('queued', 'running')", [owner]);
    return rows[0]?.n ?? 0;
  }

  async requestCancel(id: string): Promise<void> {
    await this.db.query("update scans set cancel_requested = true where id = $1", [id]);
  }

  async cancelQueued(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `update scans set status = 'cancelled', phase = 'cancelled', finished_at = now(),
         error = '{"code":"cancelled","message":"Cancelled before it started."}'::jsonb
       where id = $1 and status = 'queued' returning id`,
      [id],
    );
    return rows.length > 0;
  }

  async claimNextScan(workerId: string): Promise<ScanRecord | null> {
    const rows = await this.db.query<ScanRow>(
      `update scans set status = 'running', worker_id = $1, heartbeat_at = now(), started_at = now(), phase = 'starting'
       where id = (
         select id from scans
         where status = 'queued' and cancel_requested = false and (pinned = false or worker_id = $1)
         order by queue_order
         for update skip locked
         limit 1
       )
       returning ${SCAN_COLUMNS}`,
      [workerId],
    );
    return rows[0] ? toScan(rows[0]) : null;
  }

  async heartbeat(workerId: string): Promise<HeldScan[]> {
    const rows = await this.db.query<{ id: string; attempt: number; cancel_requested: boolean }>(
      `update scans set heartbeat_at = now() where worker_id = $1 and ${LIVE} returning id, attempt, cancel_requested`,
      [workerId],
    );
    return rows.map((r) => ({ id: r.id, attempt: r.attempt, cancelRequested: r.cancel_requested }));
  }

  async recoverStaleScans(staleSeconds: number, exceptWorker: string, maxAttempts: number): Promise<RecoveredScans> {
    return this.moveScansOfLostWorkers({ staleSeconds, exceptWorker }, maxAttempts);
  }

  async releaseWorkerScans(workerId: string, maxAttempts: number): Promise<RecoveredScans> {
    return this.moveScansOfLostWorkers({ worker: workerId }, maxAttempts);
  }

  /**
   * Requeues (or ends) the live scans of workers that are gone: those whose heartbeat went stale,
   * or every scan of one worker that is shutting down and hands its scans back.
   */
  private async moveScansOfLostWorkers(which: { staleSeconds: number; exceptWorker: string } | { worker: string }, maxAttempts: number): Promise<RecoveredScans> {
    // FOR UPDATE SKIP LOCKED: of several containers sweeping at once, each stale scan is taken by
    // one, and the row is re-checked under its lock (a heartbeat that just landed keeps it alive).
    // worker_id is cleared in every case, so the lost worker's fenced writes change nothing.
    const [lostWhere, lostParams] =
      "worker" in which
        ? ["worker_id = $1::text", [which.worker]]
        : ["worker_id <> $1::text and heartbeat_at < now() - make_interval(secs => $2)", [which.exceptWorker, which.staleSeconds]];
    const n = lostParams.length;
    const rows = await this.db.query<{ id: string; status: ScanStatus; attempt: number; error: ScanError | null; lost: string }>(
      `with stale as (
         select id, pinned, attempt as was_attempt, worker_id as lost, (not pinned and attempt < $${n + 1}::int) as retry
         from scans
         where ${LIVE} and worker_id is not null and ${lostWhere}
         for update skip locked
       )
       update scans s set
         status = case when st.pinned then 'interrupted' when st.retry then 'queued' else 'error' end,
         phase = case when st.pinned then 'interrupted' when st.retry then null else 'error' end,
         worker_id = null,
         previous_worker_id = st.lost,
         attempt = case when st.retry then st.was_attempt + 1 else st.was_attempt end,
         heartbeat_at = null,
         progress = case when st.retry then '{}'::jsonb else s.progress end,
         finished_at = case when st.retry then null else now() end,
         error = case
           when st.pinned then jsonb_build_object('code', 'pinned_worker_lost', 'message', $${n + 2}::text)
           when st.retry then null
           else jsonb_build_object('code', 'worker_lost', 'message',
             format('The server running this scan stopped responding on attempt %s of %s; no attempt is left, so it was not run again.', st.was_attempt, greatest(st.was_attempt, $${n + 1}::int)))
         end
       from stale st
       where s.id = st.id
       returning s.id, s.status, s.attempt, s.error, st.lost`,
      [...lostParams, maxAttempts, PINNED_WORKER_LOST],
    );
    const recovered: RecoveredScans = { requeued: [], ended: [] };
    for (const r of rows) {
      if (r.status === "queued") recovered.requeued.push({ id: r.id, attempt: r.attempt, previousWorkerId: r.lost });
      else recovered.ended.push({ id: r.id, status: r.status === "interrupted" ? "interrupted" : "error", error: r.error! });
    }
    return recovered;
  }

  async interruptAllLiveScans(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `update scans set status = 'interrupted', finished_at = now(),
         error = '{"code":"interrupted","message":"The server stopped while this scan was in progress."}'::jsonb
       where status = 'running' or (status = 'queued' and pinned)
       returning id`,
    );
    return rows.map((r) => r.id);
  }

  async appendEvents(scanId: string, events: StoredEvent[], holder?: ScanHolder): Promise<AppendResult> {
    if (events.length === 0) return "stored";
    const values: string[] = [];
    const params: unknown[] = holder ? [scanId, holder.workerId, holder.attempt] : [scanId];
    for (const e of events) {
      const base = params.length;
      params.push(e.id, e.timestamp, e.agent, e.level, e.msg, e.progress ?? null, e.phase ?? null);
      values.push(`($1::uuid, $${base + 1}::int, $${base + 2}::text, $${base + 3}::text, $${base + 4}::text, $${base + 5}::text, $${base + 6}::float8, $${base + 7}::text)`);
    }
    // With a holder, FOR SHARE orders the write against a take-over of the scan: either the events
    // are stored before the sweep moves the row (and the next attempt continues after them), or the
    // sweep wins and they are refused. All or nothing: an id another writer used for a different
    // event refuses the batch; one this batch already stored (a retry) is skipped.
    const holderRow = holder
      ? "select id from scans where id = $1::uuid and worker_id = $2::text and attempt = $3::int for share"
      : "select id from scans where id = $1::uuid";
    const sql = `with holder as (${holderRow}),
       v (scan_id, seq, ts, agent, level, msg, progress, phase) as (values ${values.join(", ")}),
       clash as (
         select 1 from v join scan_events e on e.scan_id = v.scan_id and e.seq = v.seq
         where (e.ts, e.agent, e.level, e.msg) is distinct from (v.ts, v.agent, v.level, v.msg)
       ),
       stored as (
         insert into scan_events (scan_id, seq, ts, agent, level, msg, progress, phase)
         select v.* from v
         where exists (select 1 from holder) and not exists (select 1 from clash)
           and not exists (select 1 from scan_events e where e.scan_id = v.scan_id and e.seq = v.seq)
       )
       select exists (select 1 from holder) as held, exists (select 1 from clash) as clash`;
    for (let tries = 1; ; tries++) {
      try {
        const rows = await this.db.query<{ held: boolean; clash: boolean }>(sql, params);
        if (!rows[0]?.held) return "not_held";
        return rows[0].clash ? "id_taken" : "stored";
      } catch (err) {
        // A concurrent writer's row this statement's snapshot did not see: look again (it is visible now).
        if ((err as { code?: string }).code === "23505" && tries < 5) continue;
        throw err;
      }
    }
  }

  async listEvents(scanId: string, afterId: number, limit = 5000): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow>(
      "select seq, ts, agent, level, msg, progress, phase from scan_events where scan_id = $1 and seq > $2 order by seq limit $3",
      [scanId, afterId, limit],
    );
    return rows.map(toEvent);
  }

  async lastEventId(scanId: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>("select coalesce(max(seq), 0)::int as n from scan_events where scan_id = $1", [scanId]);
    return rows[0]?.n ?? 0;
  }

  async replaceViolations(scanId: string, rows: ViolationRow[]): Promise<void> {
    await this.db.query("delete from violations where scan_id = $1", [scanId]);
    for (const v of rows) {
      await this.db.query(
        `insert into violations (scan_id, rule_id, framework, violation_type, severity, penalty_min_usd, penalty_max_usd, data)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [scanId, v.rule_id, v.framework, v.violation_type, v.severity, v.penalty_min_usd, v.penalty_max_usd, json(v.data)],
      );
    }
  }

  async countViolations(scanId: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>("select count(*)::int as n from violations where scan_id = $1", [scanId]);
    return rows[0]?.n ?? 0;
  }

  async createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt" | "lastUsedAt">): Promise<TokenRecord> {
    const rows = await this.db.query<TokenRow>(
      `insert into api_tokens (id, owner, name, token_hash, expires_at) values ($1, $2, $3, $4, $5)
       returning id, owner, name, token_hash, created_at, expires_at, revoked_at, last_used_at`,
      [token.id, token.owner, token.name, token.tokenHash, token.expiresAt],
    );
    return toToken(rows[0]!);
  }

  async getToken(id: string): Promise<TokenRecord | null> {
    const rows = await this.db.query<TokenRow>(
      "select id, owner, name, token_hash, created_at, expires_at, revoked_at, last_used_at from api_tokens where id = $1",
      [id],
    );
    return rows[0] ? toToken(rows[0]) : null;
  }

  async listTokens(owner: string): Promise<TokenRecord[]> {
    const rows = await this.db.query<TokenRow>(
      "select id, owner, name, token_hash, created_at, expires_at, revoked_at, last_used_at from api_tokens where owner = $1 order by created_at desc",
      [owner],
    );
    return rows.map(toToken);
  }

  async revokeToken(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      "update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1 and owner = $2 returning id",
      [id, owner],
    );
    return rows.length > 0;
  }

  async touchToken(id: string): Promise<void> {
    await this.db.query("update api_tokens set last_used_at = now() where id = $1", [id]);
  }

  async createShare(share: Omit<ShareRecord, "createdAt">): Promise<ShareRecord> {
    const rows = await this.db.query<ShareRow>(
      "insert into scan_shares (id, scan_id, owner, expires_at) values ($1, $2, $3, $4) returning id, scan_id, owner, created_at, expires_at",
      [share.id, share.scanId, share.owner, share.expiresAt],
    );
    return toShare(rows[0]!);
  }

  async getShare(id: string): Promise<ShareRecord | null> {
    const rows = await this.db.query<ShareRow>("select id, scan_id, owner, created_at, expires_at from scan_shares where id = $1", [id]);
    return rows[0] ? toShare(rows[0]) : null;
  }

  async createMonitor(m: NewMonitor): Promise<MonitorRecord> {
    // A new, enabled monitor is due at once: its first run is the baseline later runs are compared with.
    const rows = await this.db.query<MonitorRow>(
      `insert into monitors (id, owner, name, url, request, interval_minutes, webhook_url, webhook_secret, alert_on, enabled, next_run_at)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, case when $10 then now() else null end)
       returning ${MONITOR_COLUMNS}`,
      [m.id, m.owner, m.name, m.url, json(m.request), m.intervalMinutes, m.webhookUrl, m.webhookSecretSealed, m.alertOn, m.enabled],
    );
    return toMonitor(rows[0]!);
  }

  async getMonitor(id: string, owner?: string): Promise<MonitorRecord | null> {
    const rows = await this.db.query<MonitorRow>(`select ${MONITOR_COLUMNS} from monitors where id = $1 and ($2::text is null or owner = $2)`, [id, owner ?? null]);
    return rows[0] ? toMonitor(rows[0]) : null;
  }

  async listMonitors(owner: string): Promise<MonitorRecord[]> {
    const rows = await this.db.query<MonitorRow>(`select ${MONITOR_COLUMNS} from monitors where owner = $1 order by created_at desc`, [owner]);
    return rows.map(toMonitor);
  }

  async updateMonitor(id: string, owner: string, patch: MonitorUpdate): Promise<MonitorRecord | null> {
    const params: unknown[] = [id, owner, patch.enabled ?? null, patch.intervalMinutes ?? null];
    const { sets, add } = setClauses(params);
    if (patch.name !== undefined) add("name", patch.name);
    if (patch.url !== undefined) add("url", patch.url);
    if (patch.request !== undefined) add("request", json(patch.request), "::jsonb");
    if (patch.intervalMinutes !== undefined) add("interval_minutes", patch.intervalMinutes);
    if (patch.webhookUrl !== undefined) add("webhook_url", patch.webhookUrl);
    if (patch.webhookSecretSealed !== undefined) add("webhook_secret", patch.webhookSecretSealed);
    if (patch.alertOn !== undefined) add("alert_on", patch.alertOn);
    if (patch.enabled !== undefined) add("enabled", patch.enabled);
    // Right-hand sides see the old row: paused → no next run; resumed → an interval after the last
    // run started, or now if that is past (a long pause runs once, a short one keeps the rhythm);
    // otherwise the next run comes no later than now + the (new) interval.
    const rows = await this.db.query<MonitorRow>(
      `update monitors set ${[...sets, "updated_at = now()"].join(", ")},
         next_run_at = case
           when not coalesce($3::boolean, enabled) then null
           when not enabled then greatest(now(), coalesce(
             (select max(r.created_at) from monitor_runs r where r.monitor_id = monitors.id) + make_interval(mins => coalesce($4::int, interval_minutes)),
             now()))
           else least(coalesce(next_run_at, now()), now() + make_interval(mins => coalesce($4::int, interval_minutes)))
         end
       where id = $1 and owner = $2
       returning ${MONITOR_COLUMNS}`,
      params,
    );
    return rows[0] ? toMonitor(rows[0]) : null;
  }

  async deleteMonitor(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>("delete from monitors where id = $1 and owner = $2 returning id", [id, owner]);
    return rows.length > 0;
  }

  async dueMonitors(limit: number): Promise<MonitorRecord[]> {
    const rows = await this.db.query<MonitorRow>(
      `select ${MONITOR_COLUMNS.split(", ").map((c) => `m.${c}`).join(", ")} from monitors m
       where m.enabled and m.next_run_at <= now() and ${MONITOR_FREE}
       order by m.next_run_at limit $1`,
      [limit],
    );
    return rows.map(toMonitor);
  }

  async startMonitorRun(monitorId: string, scan: NewScan, trigger: MonitorRunTrigger): Promise<ScanRecord | null> {
    // One statement: the monitor's row lock orders concurrent claims, and the loser re-checks the
    // conditions against the winner's row (active run set, next run moved on) and claims nothing.
    const rows = await this.db.query<ScanRow>(
      `with claimed as (
         update monitors m set active_scan_id = $2::uuid, active_since = now(),
           next_run_at = case when m.enabled then now() + make_interval(mins => m.interval_minutes) else null end
         where m.id = $1
           and ($9::text = 'manual' or (m.enabled and m.next_run_at is not null and m.next_run_at <= now()))
           and ${MONITOR_FREE}
         returning m.id
       ), scan as (
         insert into scans (id, owner, url, framework, request, status, worker_id, pinned, heartbeat_at)
         select $2::uuid, $3::text, $4::text, $5::text, $6::jsonb, 'queued', $7::text, $8::boolean, case when $8::boolean then now() else null end from claimed
         returning ${SCAN_COLUMNS}
       ), run as (
         insert into monitor_runs (scan_id, monitor_id, trigger) select $2::uuid, id, $9::text from claimed
       ), ${FIRST_EVENT_CTE(10)}
       select * from scan`,
      [monitorId, scan.id, scan.owner, scan.url, scan.framework, json(scan.request), scan.workerId, scan.pinned, trigger, ...firstEventParams(scan)],
    );
    return rows[0] ? toScan(rows[0]) : null;
  }

  async listMonitorRuns(monitorId: string, limit: number): Promise<MonitorRunRecord[]> {
    const rows = await this.db.query<MonitorRunRow & ScanRow>(
      `select ${RUN_COLUMNS} from monitor_runs r join scans s on s.id = r.scan_id
       where r.monitor_id = $1 order by r.created_at desc, s.queue_order desc limit $2`,
      [monitorId, limit],
    );
    return rows.map(toMonitorRun);
  }

  async getMonitorRun(scanId: string): Promise<MonitorRunRecord | null> {
    const rows = await this.db.query<MonitorRunRow & ScanRow>(`select ${RUN_COLUMNS} from monitor_runs r join scans s on s.id = r.scan_id where r.scan_id = $1`, [scanId]);
    return rows[0] ? toMonitorRun(rows[0]) : null;
  }

  async previousGoodRun(monitorId: string, scanId: string): Promise<string | null> {
    const rows = await this.db.query<{ scan_id: string }>(
      `select r.scan_id from monitor_runs r join scans s on s.id = r.scan_id, monitor_runs me join scans ms on ms.id = me.scan_id
       where me.scan_id = $2 and r.monitor_id = $1 and r.scan_id <> $2 and s.status = 'complete'
         and (s.created_at, s.queue_order) < (ms.created_at, ms.queue_order)
       order by s.created_at desc, s.queue_order desc limit 1`,
      [monitorId, scanId],
    );
    return rows[0]?.scan_id ?? null;
  }

  async claimRunsToFinalize(limit: number, leaseSeconds: number): Promise<MonitorRunRecord[]> {
    const claimed = await this.db.query<{ scan_id: string }>(
      `update monitor_runs r set finalize_claimed_at = now()
       where r.scan_id in (
         select r2.scan_id from monitor_runs r2 join scans s on s.id = r2.scan_id
         where r2.finalized_at is null and s.status in ('complete', 'error', 'cancelled', 'interrupted')
           and (r2.finalize_claimed_at is null or r2.finalize_claimed_at < now() - make_interval(secs => $2))
         order by r2.created_at
         for update of r2 skip locked
         limit $1
       )
       returning r.scan_id`,
      [limit, leaseSeconds],
    );
    const runs = await Promise.all(claimed.map((c) => this.getMonitorRun(c.scan_id)));
    return runs.filter((r): r is MonitorRunRecord => r !== null);
  }

  async finalizeMonitorRun(scanId: string, result: { baseScanId: string | null; diff: unknown }): Promise<void> {
    await this.db.query(
      `with run as (
         update monitor_runs set finalized_at = now(), base_scan_id = $2::uuid, diff = $3::jsonb where scan_id = $1 returning monitor_id
       )
       update monitors set active_scan_id = null, active_since = null
       where id = (select monitor_id from run) and active_scan_id = $1::uuid`,
      [scanId, result.baseScanId, result.diff === null ? null : json(result.diff)],
    );
  }

  async enqueueDelivery(d: { id: string; monitorId: string; scanId: string | null; eventType: string; payload: string }): Promise<void> {
    await this.db.query(
      `insert into webhook_deliveries (id, monitor_id, scan_id, event_type, payload, status, next_attempt_at) values ($1, $2, $3, $4, $5, 'pending', now())
       on conflict (id) do nothing`,
      [d.id, d.monitorId, d.scanId, d.eventType, d.payload],
    );
  }

  async claimDueDeliveries(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query<{ id: string; monitor_id: string; payload: string; attempt_count: number; webhook_url: string | null; webhook_secret: string | null }>(
      `with claimed as (
         update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => $2)
         where d.id in (
           select id from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
           order by next_attempt_at for update skip locked limit $1
         )
         returning d.id, d.monitor_id, d.payload, d.attempt_count
       )
       select c.id, c.monitor_id, c.payload, c.attempt_count, m.webhook_url, m.webhook_secret
       from claimed c join monitors m on m.id = c.monitor_id`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({ id: r.id, monitorId: r.monitor_id, payload: r.payload, attemptCount: r.attempt_count, webhookUrl: r.webhook_url, webhookSecretSealed: r.webhook_secret }));
  }

  async recordDeliveryAttempt(
    deliveryId: string,
    attempt: Omit<DeliveryAttempt, "at" | "attempt">,
    next: { status: "delivered" | "failed" } | { status: "pending"; nextAttemptAt: Date },
  ): Promise<void> {
    await this.db.query(
      `with d as (
         update webhook_deliveries set attempt_count = attempt_count + 1, status = $5::text, next_attempt_at = $6::timestamptz,
           delivered_at = case when $5::text = 'delivered' then now() else delivered_at end
         where id = $1 returning attempt_count
       )
       insert into webhook_attempts (delivery_id, attempt, response_status, error, duration_ms)
       select $1::uuid, attempt_count, $2::int, $3::text, $4::int from d`,
      [deliveryId, attempt.responseStatus, attempt.error, Math.round(attempt.durationMs), next.status, next.status === "pending" ? next.nextAttemptAt : null],
    );
  }

  async listDeliveries(monitorId: string, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.query<DeliveryRow>(
      `select d.id, d.monitor_id, d.scan_id, d.event_type, d.payload, d.status, d.attempt_count, d.next_attempt_at, d.created_at, d.delivered_at,
         coalesce((select json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'response_status', a.response_status, 'error', a.error, 'duration_ms', a.duration_ms) order by a.attempt)
                   from webhook_attempts a where a.delivery_id = d.id), '[]'::json) as attempts
       from webhook_deliveries d where d.monitor_id = $1 order by d.created_at desc limit $2`,
      [monitorId, limit],
    );
    return rows.map(toDelivery);
  }
}
