import type { ScanArtifact } from "@/agents/types";
import type { AgentName, LogLevel } from "@/lib/schemas/agent-event";
import { runMigrations } from "./migrations";
import type { SqlDriver } from "./sql-driver";
import type {
  AgentProgress,
  NewScan,
  Page,
  ScanError,
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
const SCAN_COLUMNS =
  "id, owner, url, framework, request, status, phase, progress, error, summary, artifacts, worker_id, pinned, cancel_requested, created_at, started_at, finished_at";
const LIVE = "status in ('queued', 'running')";

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

const json = (v: unknown): string => JSON.stringify(v);

/** One SQL implementation of Store for both homes: PGlite (embedded) and node-postgres. */
export class SqlStore implements Store {
  constructor(
    private readonly db: SqlDriver,
    readonly kind: "embedded" | "postgres",
  ) {}

  migrate(): Promise<void> {
    return runMigrations(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async createScan(scan: NewScan): Promise<ScanRecord> {
    const rows = await this.db.query<ScanRow>(
      `insert into scans (id, owner, url, framework, request, status, worker_id, pinned, heartbeat_at)
       values ($1, $2, $3, $4, $5::jsonb, 'queued', $6, $7, case when $7 then now() else null end)
       returning ${SCAN_COLUMNS}`,
      [scan.id, scan.owner, scan.url, scan.framework, json(scan.request), scan.workerId, scan.pinned],
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

  async updateScan(id: string, patch: ScanPatch): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const add = (column: string, value: unknown, cast = "") => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (patch.status !== undefined) add("status", patch.status);
    if (patch.phase !== undefined) add("phase", patch.phase);
    if (patch.progress !== undefined) add("progress", json(patch.progress), "::jsonb");
    if (patch.error !== undefined) add("error", patch.error === null ? null : json(patch.error), "::jsonb");
    if (patch.summary !== undefined) add("summary", patch.summary === null ? null : json(patch.summary), "::jsonb");
    if (patch.report !== undefined) add("report", patch.report === null ? null : json(patch.report), "::jsonb");
    if (patch.artifacts !== undefined) add("artifacts", json(patch.artifacts), "::jsonb");
    if (patch.finishedAt !== undefined) add("finished_at", patch.finishedAt);
    if (sets.length === 0) return;
    await this.db.query(`update scans set ${sets.join(", ")} where id = $1`, params);
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

  async heartbeat(workerId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string; cancel_requested: boolean }>(
      `update scans set heartbeat_at = now() where worker_id = $1 and ${LIVE} returning id, cancel_requested`,
      [workerId],
    );
    return rows.filter((r) => r.cancel_requested).map((r) => r.id);
  }

  async interruptStaleScans(staleSeconds: number, exceptWorker: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `update scans set status = 'interrupted', finished_at = now(),
         error = '{"code":"worker_lost","message":"The worker running this scan stopped responding."}'::jsonb
       where ${LIVE} and worker_id is not null and worker_id <> $2
         and heartbeat_at < now() - make_interval(secs => $1)
       returning id`,
      [staleSeconds, exceptWorker],
    );
    return rows.map((r) => r.id);
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

  async appendEvents(scanId: string, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: string[] = [];
    const params: unknown[] = [scanId];
    for (const e of events) {
      const base = params.length;
      params.push(e.id, e.timestamp, e.agent, e.level, e.msg, e.progress ?? null, e.phase ?? null);
      values.push(`($1, $${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7})`);
    }
    await this.db.query(
      `insert into scan_events (scan_id, seq, ts, agent, level, msg, progress, phase) values ${values.join(", ")}
       on conflict (scan_id, seq) do nothing`,
      params,
    );
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
}
