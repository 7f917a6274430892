import type { ScanArtifact } from "@/agents/types";
import type { PartialAgentProgress, ScanError, ScanStatus, ScanSummary } from "@/lib/schemas/scan";
import type { StoredEvent } from "@/lib/schemas/agent-event";

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
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewScan {
  id: string;
  owner: string;
  url: string;
  framework: string;
  request: Record<string, unknown>;
  workerId: string | null;
  pinned: boolean;
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
  migrate(): Promise<void>;
  close(): Promise<void>;

  createScan(scan: NewScan): Promise<ScanRecord>;
  getScan(id: string, owner?: string): Promise<ScanRecord | null>;
  getReport(id: string, owner?: string): Promise<unknown>;
  listScans(owner: string, limit: number, offset: number): Promise<Page<ScanRecord>>;
  latestCompletedScan(owner: string): Promise<ScanRecord | null>;
  updateScan(id: string, patch: ScanPatch): Promise<void>;
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
  /** Touches every live scan this worker holds; returns ids whose cancel was requested elsewhere. */
  heartbeat(workerId: string): Promise<string[]>;
  /** Marks live scans of dead workers interrupted; returns their ids. */
  interruptStaleScans(staleSeconds: number, exceptWorker: string): Promise<string[]>;
  /** Embedded start-up: every running scan (and every pinned queued scan) belonged to a dead process. */
  interruptAllLiveScans(): Promise<string[]>;

  appendEvents(scanId: string, events: StoredEvent[]): Promise<void>;
  listEvents(scanId: string, afterId: number, limit?: number): Promise<StoredEvent[]>;
  lastEventId(scanId: string): Promise<number>;

  replaceViolations(scanId: string, rows: ViolationRow[]): Promise<void>;
  countViolations(scanId: string): Promise<number>;

  createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt" | "lastUsedAt">): Promise<TokenRecord>;
  getToken(id: string): Promise<TokenRecord | null>;
  listTokens(owner: string): Promise<TokenRecord[]>;
  revokeToken(id: string, owner: string): Promise<boolean>;
  touchToken(id: string): Promise<void>;

  createShare(share: Omit<ShareRecord, "createdAt">): Promise<ShareRecord>;
  getShare(id: string): Promise<ShareRecord | null>;
}
