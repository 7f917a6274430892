import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";
import { MonitorLoop } from "@/lib/monitors/monitor-loop";
import { finalizeEndedRuns } from "@/lib/monitors/finalize-runs";
import { startDueRuns } from "@/lib/monitors/scheduler";
import { sendDueDeliveries } from "@/lib/monitors/webhook-dispatcher";
import { log } from "@/lib/log";
import { RetentionSweeper } from "@/lib/maintenance/retention";
import { resolveSigningKey } from "@/lib/evidence/signing-key";
import type { ArtifactStore } from "@/lib/store/artifact-store";
import { openStore } from "@/lib/store/open-store";
import type { Store } from "@/lib/store/types";
import { EventFeed } from "./event-feed";
import { EventHub } from "./event-hub";
import { finishScan } from "./finish-scan";
import { ScanWorker } from "./scan-worker";
import type { ScanRunner } from "../types";

export interface ScanService {
  store: Store;
  artifacts: ArtifactStore;
  hub: EventHub;
  /** The process's one LISTEN for scans running elsewhere: stop it before the store closes. */
  feed: EventFeed;
  worker: ScanWorker;
  /** The monitor clock (lib/monitors/monitor-loop.ts): stop it before the store closes. */
  monitors: MonitorLoop;
  /** The retention sweep (APO_RETENTION_DAYS; idle at 0): stop it before the store closes. */
  maintenance: RetentionSweeper;
}

/** A step of the monitor loop's tick that needs the service (the run finalizer, the webhook sender). */
export type MonitorHook = (service: Omit<ScanService, "monitors" | "maintenance">) => Promise<unknown>;

// Next.js may evaluate this module once per bundle (instrumentation, each route): the service
// lives on globalThis so there is one store, one queue and one event hub per process.
const KEY = Symbol.for("apo.scan-service");
type Holder = { [KEY]?: Promise<ScanService> };
const holder = globalThis as Holder;

export interface StartOptions {
  store: Store;
  artifacts: ArtifactStore;
  runner: ScanRunner;
  workerId?: string;
  maxConcurrent?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** The monitor loop: tick (default APO_MONITOR_TICK_SECONDS) and, for tests, other finalize/deliver steps. */
  monitors?: { tickMs?: number; finalize?: MonitorHook; deliver?: MonitorHook };
  /** Following scans run elsewhere: LISTEN on or off (default APO_STREAM_LISTEN), polling interval without it (default APO_STREAM_POLL_MS), the safety re-read while listening. */
  stream?: { listen?: boolean; pollMs?: number; safetyMs?: number };
  /** Retention (default APO_RETENTION_DAYS, a try every minute, a sweep per hour across the cluster); tests shorten it. */
  retention?: { days?: number; checkMs?: number; intervalSeconds?: number; batchSize?: number };
}

// While listening, a watcher re-reads the store this often all the same, in case a notification was lost.
const STREAM_SAFETY_MS = 12_000;

// Each tick after starting due runs: diff ended runs and queue their webhooks, then send what is due.
const finalizeMonitorRuns: MonitorHook = ({ store }) => finalizeEndedRuns(store);
const sendWebhooks: MonitorHook = ({ store }) => sendDueDeliveries({ store });

/** Builds and starts a service: recovers scans a dead process left behind, then takes work. */
export async function startScanService(o: StartOptions): Promise<ScanService> {
  const env = getEnv();
  const hub = new EventHub(o.store);
  const feed = new EventFeed({
    listen: o.store.listen,
    enabled: o.stream?.listen ?? env.APO_STREAM_LISTEN,
    pollMs: o.stream?.pollMs ?? env.APO_STREAM_POLL_MS,
    safetyMs: o.stream?.safetyMs ?? STREAM_SAFETY_MS,
  });
  const signingKey = resolveSigningKey(env);
  if (!signingKey) log.warn("APO_SIGNING_KEY is not set (production with DATABASE_URL): evidence bundles will not be signed");
  const worker = new ScanWorker({
    store: o.store,
    artifacts: o.artifacts,
    hub,
    runner: o.runner,
    workerId: o.workerId ?? env.APO_WORKER_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    maxConcurrent: o.maxConcurrent ?? env.APO_MAX_CONCURRENT_SCANS,
    // The engine enforces APO_SCAN_TIMEOUT itself and reports it; this is the backstop if it hangs.
    scanTimeoutSeconds: env.APO_SCAN_TIMEOUT + 30,
    staleSeconds: env.APO_STALE_SCAN_SECONDS,
    maxAttempts: env.APO_SCAN_MAX_ATTEMPTS,
    heartbeatMs: o.heartbeatMs,
    pollMs: o.pollMs,
    signingKey,
    onScanEnded: () => monitors.kick(),
  });
  const parts = { store: o.store, artifacts: o.artifacts, hub, feed, worker };
  const { finalize, deliver } = o.monitors ?? {};
  const monitors = new MonitorLoop({
    tickMs: o.monitors?.tickMs ?? env.APO_MONITOR_TICK_SECONDS * 1000,
    startDueRuns: () => startDueRuns({ store: o.store, worker, maxActivePerOwner: getEnv().APO_MAX_ACTIVE_SCANS_PER_OWNER }),
    finalize: () => (finalize ?? finalizeMonitorRuns)(parts),
    deliver: () => (deliver ?? sendWebhooks)(parts),
    isAccepting: () => worker.isAccepting(),
  });
  // Embedded: this process owns the data folder, so anything "running" died with the last one.
  // Shared Postgres: only scans whose heartbeat went stale are another container's leftovers,
  // taken over (queued again) or ended by the stale sweep.
  if (o.store.kind === "embedded") {
    const orphans = await o.store.interruptAllLiveScans();
    for (const id of orphans) {
      await finishScan({ store: o.store, hub }, id, { status: "interrupted", error: null, message: "The server stopped while this scan was in progress." }, { stored: true });
    }
    if (orphans.length > 0) log.warn("marked scans interrupted at start", { count: orphans.length });
  } else {
    await worker.recoverStale();
  }
  const retentionDays = o.retention?.days ?? env.APO_RETENTION_DAYS;
  const maintenance = new RetentionSweeper({ ops: o.store.ops, artifacts: o.artifacts, holder: worker.workerId, ...o.retention, days: retentionDays });
  await feed.start();
  worker.start();
  monitors.start();
  maintenance.start();
  log.info("scan service started", { worker_id: worker.workerId, signing_key_id: signingKey?.keyId ?? null, store: o.store.kind, artifacts: o.artifacts.kind, streams: feed.mode(), max_concurrent: env.APO_MAX_CONCURRENT_SCANS, retention_days: maintenance.enabled ? retentionDays : null });
  return { ...parts, monitors, maintenance };
}

export function getScanService(): Promise<ScanService> {
  holder[KEY] ??= (async () => {
    const { store, artifacts } = await openStore();
    const { engineRunner } = await import("../engine/run-engine");
    return startScanService({ store, artifacts, runner: engineRunner });
  })().catch((err: unknown) => {
    holder[KEY] = undefined;
    throw err;
  });
  return holder[KEY];
}

/** Tests: install a service built around an injected runner and store. */
export function setScanService(service: Promise<ScanService> | undefined): void {
  holder[KEY] = service;
}
