import { describeError, log } from "@/lib/log";
import { retentionDeleted } from "@/lib/metrics/metrics";
import type { ArtifactStore } from "@/lib/store/artifact-store";
import type { OpsStore } from "@/lib/store/ops-store";

export const RETENTION_JOB = "retention";

export interface RetentionOptions {
  ops: OpsStore;
  artifacts: ArtifactStore;
  /** This container's worker id: the lease's holder. */
  holder: string;
  /** APO_RETENTION_DAYS; 0 keeps everything. */
  days: number;
  /** Scans per batch (one select, their artefacts, one delete). */
  batchSize?: number;
  /** Batches per sweep; more left over makes the next sweep due at once. */
  maxBatches?: number;
  /** How long a sweep may hold the job before another container may take it (renewed per batch). */
  leaseSeconds?: number;
  /** The cluster-wide period between sweeps. */
  intervalSeconds?: number;
}

export interface SweepResult {
  /** False when another container holds the job or it is not due. */
  claimed: boolean;
  deleted: number;
  /** Scans whose artefacts could not be removed: kept (with their rows) for the next sweep. */
  kept: number;
}

/**
 * One retention sweep, claimed once across containers: ended scans that finished more than `days`
 * ago lose their artefacts, then their rows (events, violations, share links and monitor_runs go
 * with them by cascade; webhook deliveries keep their log with scan_id null). Artefacts first: a
 * crash between the two leaves a row whose artefacts are gone, which the next sweep finishes,
 * never artefacts nobody can find. Queued and running scans are never selected, nor a monitor's
 * newest completed run (its next run diffs against it) or a run whose diff is not stored yet.
 */
export async function sweepExpiredScans(o: RetentionOptions): Promise<SweepResult> {
  const result: SweepResult = { claimed: false, deleted: 0, kept: 0 };
  if (o.days <= 0) return result;
  const leaseSeconds = o.leaseSeconds ?? 300;
  if (!(await o.ops.claimLease(RETENTION_JOB, o.holder, leaseSeconds, o.intervalSeconds ?? 3_600))) return result;
  result.claimed = true;
  const batchSize = o.batchSize ?? 100;
  let moreLeft = false;
  try {
    for (let batch = 0; batch < (o.maxBatches ?? 20); batch++) {
      const expired = await o.ops.expiredScans(o.days, batchSize);
      if (expired.length === 0) break;
      const removed: string[] = [];
      for (const { id } of expired) {
        try {
          await o.artifacts.remove(id);
          removed.push(id);
        } catch (err) {
          result.kept += 1;
          log.warn("retention: removing a scan's artefacts failed; the scan is kept for the next sweep", { scan_id: id, error: describeError(err) });
        }
      }
      const deleted = await o.ops.deleteExpiredScans(removed, o.days);
      result.deleted += deleted.length;
      retentionDeleted(deleted.length);
      // A failing artefact store would hand back the same scans each batch: wait for the next sweep.
      if (result.kept > 0) break;
      moreLeft = expired.length === batchSize;
      if (!moreLeft) break;
      if (!(await o.ops.renewLease(RETENTION_JOB, o.holder, leaseSeconds))) {
        log.warn("retention: the sweep's lease expired; stopping (another container may continue)", { holder: o.holder });
        moreLeft = false;
        break;
      }
    }
  } finally {
    await o.ops.releaseLease(RETENTION_JOB, o.holder, { deleted: result.deleted, kept: result.kept, days: o.days }, moreLeft).catch(() => undefined);
  }
  if (result.deleted > 0 || result.kept > 0) log.info("retention sweep", { deleted: result.deleted, kept: result.kept, days: o.days, more_left: moreLeft });
  return result;
}

/**
 * Each container's retention clock: every checkMs it tries the sweep; the lease in the database
 * makes it run once per interval for the whole cluster. Sweeps never overlap; stop() waits for
 * the one in progress (the drain, before the store closes).
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly o: RetentionOptions & { checkMs?: number }) {}

  get enabled(): boolean {
    return this.o.days > 0;
  }

  start(): void {
    if (!this.enabled || this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.sweepNow(), this.o.checkMs ?? 60_000);
    this.timer.unref();
    void this.sweepNow();
  }

  /** Runs a sweep unless one is in progress; resolves with its result (null when skipped or failed). */
  async sweepNow(): Promise<SweepResult | null> {
    if (this.stopped || this.running) return null;
    const sweep = sweepExpiredScans(this.o).catch((err: unknown) => {
      log.error("retention sweep failed", { error: describeError(err) });
      return null;
    });
    this.running = sweep;
    try {
      return await sweep;
    } finally {
      this.running = null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
