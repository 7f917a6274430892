import type { ScanArtifact } from "@/agents/types";
import type { PartialAgentProgress, ScanError, ScanStatus, ScanSummary } from "@/lib/schemas/scan";
import type { EmittedEvent, StoredEvent } from "@/lib/schemas/agent-event";
import type { OpsStore } from "./ops-store";
import type { SqlDriver } from "./sql-driver";

// The scan's own shapes (status, error, progress, summary, events) are defined once, in lib/schemas.
export { finalStatuses, scanStatuses } from "@/lib/schemas/scan";
export type { ScanError, ScanStatus, ScanSummary, StoredEvent };
/** Per-agent progress as recorded while a scan runs. */
export type AgentProgress = PartialAgentProgress;

export interface ScanRecord {
  id: string;
  owner: string;
  url: string;
  framework: string;
  /** The request as validated, without the LLM keys. */
  request: Record<string, unknown>;
  status: ScanStatus;
  phase: string | null;
  progress: AgentProgress;
  error: ScanError | null;
  summary: ScanSummary | null;
  artifacts: ScanArtifact[];
  workerId: string | null;
  pinned: boolean;
  cancelRequested: boolean;
  /** Which run of the scan this is: 1, then 2 after another container took it over (APO_SCAN_MAX_ATTEMPTS). */
  attempt: number;
  /** The container whose loss made this attempt necessary (null on the first attempt). */
  previousWorkerId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Who holds a claimed scan: the worker and the attempt it claimed. Writes fenced with it change
 * nothing once the scan was taken over (another worker, or a later attempt of this one), so a
 * container that was only slow cannot overwrite the run that replaced it.
 */
export interface ScanHolder {
  workerId: string;
  attempt: number;
}

/** A live scan a heartbeat touched: this worker still holds that attempt. */
export interface HeldScan {
  id: string;
  attempt: number;
  cancelRequested: boolean;
}

export type AppendResult = "stored" | "not_held" | "id_taken";

/** What a stale sweep did with the live scans of workers that stopped heartbeating. */
export interface RecoveredScans {
  /** Queued again for any worker to re-run from the start, as `attempt`. */
  requeued: Array<{ id: string; attempt: number; previousWorkerId: string }>;
  /** Ended for good (pinned: interrupted, pinned_worker_lost; out of attempts: error, worker_lost): the sweeper writes their closing events. */
  ended: Array<{ id: string; status: "interrupted" | "error"; error: ScanError }>;
}

export interface NewScan {
  id: string;
  owner: string;
  url: string;
  framework: string;
  request: Record<string, unknown>;
  workerId: string | null;
  pinned: boolean;
  /**
   * The scan's first log line ("Scan queued…"), stored as event 1 by the same statement that
   * inserts the scan: no worker can claim the scan before it, so the log reads in the order things
   * happened. Written separately, a claim in between put the queued line after the run's first events.
   */
  firstEvent?: EmittedEvent;
}

export interface ScanPatch {
  status?: ScanStatus;
  phase?: string | null;
  progress?: AgentProgress;
  error?: ScanError | null;
  summary?: ScanSummary | null;
  report?: unknown;
  artifacts?: ScanArtifact[];
  finishedAt?: Date;
}

export interface ViolationRow {
  rule_id: string | null;
  framework: string | null;
  violation_type: string | null;
  severity: string | null;
  penalty_min_usd: number | null;
  penalty_max_usd: number | null;
  data: unknown;
}

export interface TokenRecord {
  id: string;
  owner: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ShareRecord {
  id: string;
  scanId: string;
  owner: string;
  createdAt: Date;
  expiresAt: Date;
}

export type AlertOn = "any_run" | "changes" | "new_high";
export type MonitorRunTrigger = "schedule" | "manual";

export interface NewMonitor {
  id: string;
  owner: string;
  name: string;
  url: string;
  /** What each run scans with: the scan request minus url and LLM keys. */
  request: Record<string, unknown>;
  intervalMinutes: number;
  webhookUrl: string | null;
  /** Sealed at rest (lib/monitors/webhook-secret.ts opens it to sign). */
  webhookSecretSealed: string | null;
  alertOn: AlertOn;
  enabled: boolean;
}

/** A stored monitor: what it was created with, plus what the store keeps track of. */
export interface MonitorRecord extends NewMonitor {
  nextRunAt: Date | null;
  /** The run in progress, if any. */
  activeScanId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Fields to change. Pausing clears next_run_at; resuming makes the monitor due an interval after
 * its last run started (now, if that is past or it never ran); a shorter interval brings the next
 * run forward to now + interval at most.
 */
export type MonitorUpdate = Partial<Pick<NewMonitor, "name" | "url" | "request" | "intervalMinutes" | "webhookUrl" | "webhookSecretSealed" | "alertOn" | "enabled">>;

export interface MonitorRunRecord {
  scanId: string;
  monitorId: string;
  trigger: MonitorRunTrigger;
  baseScanId: string | null;
  diff: unknown;
  finalizedAt: Date | null;
  createdAt: Date;
  scan: ScanRecord;
}

export interface DeliveryRecord {
  id: string;
  monitorId: string;
  scanId: string | null;
  eventType: string;
  payload: string;
  status: "pending" | "delivered" | "failed";
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  attempts: DeliveryAttempt[];
}

export interface DeliveryAttempt {
  attempt: number;
  at: Date;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** A delivery a sender has claimed, with where it goes and the sealed secret it is signed with. */
export interface ClaimedDelivery {
  id: string;
  monitorId: string;
  payload: string;
  attemptCount: number;
  webhookUrl: string | null;
  webhookSecretSealed: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The one persistence interface. Owner-scoped reads take the owner so a scan that is not the
 * caller's is indistinguishable from one that does not exist.
 */
export interface Store {
  readonly kind: "embedded" | "postgres";
  /** Readiness, queue figures and maintenance leases (lib/store/ops-store.ts). */
  readonly ops: OpsStore;
  /** Checks the schema's version and applies missing migrations (lib/store/migrations.ts); autoMigrate false only checks. */
  migrate(options?: { autoMigrate?: boolean }): Promise<void>;
  close(): Promise<void>;

  createScan(scan: NewScan): Promise<ScanRecord>;
  getScan(id: string, owner?: string): Promise<ScanRecord | null>;
  getReport(id: string, owner?: string): Promise<unknown>;
  listScans(owner: string, limit: number, offset: number): Promise<Page<ScanRecord>>;
  latestCompletedScan(owner: string): Promise<ScanRecord | null>;
  /** With a holder, only while that worker still holds that attempt; false when nothing changed. */
  updateScan(id: string, patch: ScanPatch, holder?: ScanHolder): Promise<boolean>;
  deleteScan(id: string, owner: string): Promise<boolean>;
  queuePosition(id: string): Promise<number | null>;
  /** Scans the owner created in the last windowSeconds (by the database's clock, shared by every container). */
  recentScans(owner: string, windowSeconds: number): Promise<{ count: number; retryAfterSeconds: number }>;
  /** The owner's scans that are queued or running, whichever container holds them. */
  activeScans(owner: string): Promise<number>;
  requestCancel(id: string): Promise<void>;
  /** queued → cancelled atomically; false when a worker claimed it first. */
  cancelQueued(id: string): Promise<boolean>;

  /** Atomically hands the oldest runnable queued scan to this worker (FOR UPDATE SKIP LOCKED). */
  claimNextScan(workerId: string): Promise<ScanRecord | null>;
  /** Touches every live scan this worker holds and returns them (a cancel requested elsewhere is flagged). */
  heartbeat(workerId: string): Promise<HeldScan[]>;
  /**
   * Recovers the live scans of workers (other than exceptWorker) whose heartbeat is older than
   * staleSeconds, in one statement that concurrent sweepers cannot both apply to a scan: pinned
   * ones end interrupted (pinned_worker_lost: their LLM keys died with the worker), others are
   * queued again as the next attempt while attempts remain, else end error (worker_lost).
   */
  recoverStaleScans(staleSeconds: number, exceptWorker: string, maxAttempts: number): Promise<RecoveredScans>;
  /** A worker shutting down hands every live scan it holds back the same way (shared store: another container re-runs it). */
  releaseWorkerScans(workerId: string, maxAttempts: number): Promise<RecoveredScans>;
  /** Embedded start-up: every running scan (and every pinned queued scan) belonged to a dead process. */
  interruptAllLiveScans(): Promise<string[]>;

  /**
   * Stores a batch of events, all or nothing. An id already stored with the same event is skipped
   * (a retried write); "id_taken" when another writer stored a different event under one of the
   * ids (nothing written: renumber after lastEventId and retry). With a holder, only while that
   * worker still holds that attempt ("not_held" once the scan was taken over); without one,
   * "not_held" means the scan does not exist.
   */
  appendEvents(scanId: string, events: StoredEvent[], holder?: ScanHolder): Promise<AppendResult>;
  listEvents(scanId: string, afterId: number, limit?: number): Promise<StoredEvent[]>;
  lastEventId(scanId: string): Promise<number>;
  /** LISTEN through the store's connection (lib/store/sql-driver.ts); absent when it cannot. */
  listen?: SqlDriver["listen"];

  replaceViolations(scanId: string, rows: ViolationRow[]): Promise<void>;
  countViolations(scanId: string): Promise<number>;

  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt" | "lastUsedAt">): Promise<TokenRecord>;
  getToken(id: string): Promise<TokenRecord | null>;
  listTokens(owner: string): Promise<TokenRecord[]>;
  revokeToken(id: string, owner: string): Promise<boolean>;
  touchToken(id: string): Promise<void>;

  createShare(share: Omit<ShareRecord, "createdAt">): Promise<ShareRecord>;
  getShare(id: string): Promise<ShareRecord | null>;

  // Monitors: owner-scoped like scans.
  createMonitor(monitor: NewMonitor): Promise<MonitorRecord>;
  getMonitor(id: string, owner?: string): Promise<MonitorRecord | null>;
  listMonitors(owner: string): Promise<MonitorRecord[]>;
  updateMonitor(id: string, owner: string, patch: MonitorUpdate): Promise<MonitorRecord | null>;
  deleteMonitor(id: string, owner: string): Promise<boolean>;
  /** Enabled monitors whose next run is due and that have no run in progress (candidates: startMonitorRun decides). */
  dueMonitors(limit: number): Promise<MonitorRecord[]>;
  /**
   * Atomically starts a run: only if the monitor has no run in progress (and, for a scheduled
   * run, is enabled and still due). Inserts the queued scan and its monitor_runs row, marks the
   * run active and moves next_run_at to now() + interval. Null when another container (or a
   * run in progress) got there first.
   */
  startMonitorRun(monitorId: string, scan: NewScan, trigger: MonitorRunTrigger): Promise<ScanRecord | null>;
  /** The monitor's runs, newest first, with their scans. */
  listMonitorRuns(monitorId: string, limit: number): Promise<MonitorRunRecord[]>;
  getMonitorRun(scanId: string): Promise<MonitorRunRecord | null>;
  /** The newest completed, finalized run created before this one: the diff base. */
  previousGoodRun(monitorId: string, scanId: string): Promise<string | null>;
  /** Ended runs not yet finalized (diff + webhook), claimed for leaseSeconds so one container finalizes each. */
  claimRunsToFinalize(limit: number, leaseSeconds: number): Promise<MonitorRunRecord[]>;
  /** Stores the diff (null for a run that did not complete), marks the run finalized and frees the monitor. */
  finalizeMonitorRun(scanId: string, result: { baseScanId: string | null; diff: unknown }): Promise<void>;

  // Webhook deliveries: an outbox any container may send.
  /** Idempotent by id: a finalizer that retries after a crash queues the same delivery once. */
  enqueueDelivery(delivery: { id: string; monitorId: string; scanId: string | null; eventType: string; payload: string }): Promise<void>;
  /** Pending deliveries due now, pushed out by leaseSeconds so no other sender takes them meanwhile. */
  claimDueDeliveries(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]>;
  /** Logs one attempt and moves the delivery on: delivered, failed for good, or pending until nextAttemptAt. */
  recordDeliveryAttempt(
    deliveryId: string,
    attempt: Omit<DeliveryAttempt, "at" | "attempt">,
    next: { status: "delivered" | "failed" } | { status: "pending"; nextAttemptAt: Date },
  ): Promise<void>;
  listDeliveries(monitorId: string, limit: number): Promise<DeliveryRecord[]>;
}
