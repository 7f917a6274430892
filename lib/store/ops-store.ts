import type { SqlDriver } from "./sql-driver";

/** An ended scan the retention sweep may delete, with what its artefacts need to be found. */
export interface ExpiredScan {
  id: string;
  finishedAt: Date;
}

/**
 * What operations need from the database beyond the Store's scan life cycle: readiness, queue
 * figures for the metrics, and the leases and deletions of the retention sweep (lib/maintenance).
 * One SQL implementation for PGlite and Postgres, like SqlStore.
 */
export interface OpsStore {
  /** `select 1`, failing after timeoutMs: a store that does not answer is not ready. */
  ping(timeoutMs: number): Promise<void>;
  /** Queued and running scans across every container sharing the database (and those this worker runs). */
  liveScanCounts(workerId: string): Promise<{ queued: number; running: number; runningHere: number }>;
  /**
   * Takes the named job's lease when it is due and no live lease is held, in one statement, and
   * moves the next run on by intervalSeconds. False when another container holds it or it is not due.
   */
  claimLease(name: string, holder: string, leaseSeconds: number, intervalSeconds: number): Promise<boolean>;
  /** Extends a lease this holder still holds; false when it was lost (expired and taken). */
  renewLease(name: string, holder: string, leaseSeconds: number): Promise<boolean>;
  /** Frees the lease and records what the run did; runAgainNow makes the job due at once (work was left). */
  releaseLease(name: string, holder: string, result: unknown, runAgainNow?: boolean): Promise<void>;
  /**
   * Ended scans that finished more than `days` ago, oldest first. Never queued or running scans,
   * never a monitor's newest completed run (the next run diffs against it, lib/monitors/finalize-runs.ts),
   * and no run of a monitor while one of its runs is not finalized yet.
   */
  expiredScans(days: number, limit: number): Promise<ExpiredScan[]>;
  /** Deletes those of `ids` that still qualify (events, violations, shares and monitor_runs go by cascade); returns the deleted ids. */
  deleteExpiredScans(ids: string[], days: number): Promise<string[]>;
}

const ENDED = "('complete', 'error', 'cancelled', 'interrupted')";

// A scan expires when it ended more than $1 days ago, is not a monitor's newest completed run (the
// next run's diff base), and its monitor has no run being finalized (whose diff may be reading it).
const EXPIRED = `s.status in ${ENDED} and s.finished_at < now() - make_interval(days => $1::int)
  and not exists (
    select 1 from monitor_runs r join monitor_runs open_run on open_run.monitor_id = r.monitor_id and open_run.finalized_at is null
    where r.scan_id = s.id
  )
  and s.id not in (
    select distinct on (r.monitor_id) r.scan_id from monitor_runs r join scans b on b.id = r.scan_id
    where b.status = 'complete' order by r.monitor_id, b.created_at desc, b.queue_order desc
  )`;

export class SqlOpsStore implements OpsStore {
  constructor(private readonly db: SqlDriver) {}

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.db.query("select 1"), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async liveScanCounts(workerId: string): Promise<{ queued: number; running: number; runningHere: number }> {
    const rows = await this.db.query<{ queued: number; running: number; running_here: number }>(
      `select count(*) filter (where status = 'queued')::int as queued,
              count(*) filter (where status = 'running')::int as running,
              count(*) filter (where status = 'running' and worker_id = $1)::int as running_here
       from scans where status in ('queued', 'running')`,
      [workerId],
    );
    const r = rows[0];
    return { queued: r?.queued ?? 0, running: r?.running ?? 0, runningHere: r?.running_here ?? 0 };
  }

  async claimLease(name: string, holder: string, leaseSeconds: number, intervalSeconds: number): Promise<boolean> {
    // The row is seeded by the migration; inserting it here too lets a new job name work at once.
    await this.db.query("insert into maintenance_leases (name) values ($1) on conflict (name) do nothing", [name]);
    const rows = await this.db.query<{ name: string }>(
      `update maintenance_leases
       set holder = $2, lease_until = now() + make_interval(secs => $3), next_run_at = now() + make_interval(secs => $4), last_run_at = now()
       where name = $1 and next_run_at <= now() and (lease_until is null or lease_until < now())
       returning name`,
      [name, holder, leaseSeconds, intervalSeconds],
    );
    return rows.length > 0;
  }

  async renewLease(name: string, holder: string, leaseSeconds: number): Promise<boolean> {
    const rows = await this.db.query<{ name: string }>(
      `update maintenance_leases set lease_until = now() + make_interval(secs => $3)
       where name = $1 and holder = $2 and lease_until >= now() returning name`,
      [name, holder, leaseSeconds],
    );
    return rows.length > 0;
  }

  async releaseLease(name: string, holder: string, result: unknown, runAgainNow = false): Promise<void> {
    await this.db.query(
      `update maintenance_leases set lease_until = null, last_result = $3::jsonb, next_run_at = case when $4 then now() else next_run_at end
       where name = $1 and holder = $2`,
      [name, holder, JSON.stringify(result), runAgainNow],
    );
  }

  async expiredScans(days: number, limit: number): Promise<ExpiredScan[]> {
    const rows = await this.db.query<{ id: string; finished_at: Date | string }>(
      `select s.id, s.finished_at from scans s where ${EXPIRED} order by s.finished_at limit $2`,
      [days, limit],
    );
    return rows.map((r) => ({ id: r.id, finishedAt: new Date(r.finished_at) }));
  }

  async deleteExpiredScans(ids: string[], days: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(`delete from scans s where s.id = any($2::uuid[]) and ${EXPIRED} returning s.id`, [days, ids]);
    return rows.map((r) => r.id);
  }
}
