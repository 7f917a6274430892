import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// One registry per process. Next.js may evaluate a module once per bundle (instrumentation, each
// route), so it lives on globalThis: the engine's restart counter and the metrics route see the
// same series. Other modules call the small functions below, one line each.

interface Metrics {
  registry: Registry;
  queueDepth: Gauge;
  scansRunning: Gauge<"scope">;
  scanDuration: Histogram<"outcome">;
  scansEnded: Counter<"status">;
  sseClients: Gauge;
  engineRestarts: Counter<"reason">;
  retentionDeleted: Counter;
}

const KEY = Symbol.for("apo.metrics");
const holder = globalThis as { [KEY]?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  // process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_seconds …
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    queueDepth: new Gauge({ name: "apo_queue_depth", help: "Scans queued in the shared store, waiting for a worker (read at scrape time; the same on every container)", registers }),
    scansRunning: new Gauge({
      name: "apo_scans_running",
      help: 'Scans running: scope="process" on this container, scope="cluster" on every container sharing the store (read at scrape time)',
      labelNames: ["scope"],
      registers,
    }),
    scanDuration: new Histogram({
      name: "apo_scan_duration_seconds",
      help: "Wall time of the scans this container ran, from start to end, by outcome",
      labelNames: ["outcome"],
      buckets: [5, 10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600],
      registers,
    }),
    scansEnded: new Counter({ name: "apo_scans_ended_total", help: "Scans this container ran to an end, by final status", labelNames: ["status"], registers }),
    sseClients: new Gauge({ name: "apo_sse_clients", help: "Open event streams (GET /api/stream/…) on this container", registers }),
    engineRestarts: new Counter({
      name: "apo_engine_restarts_total",
      help: "Scan engine child processes that ended without an outcome (crashed, could not start, or killed by the backstop); the next scan starts a fresh one",
      labelNames: ["reason"],
      registers,
    }),
    retentionDeleted: new Counter({ name: "apo_retention_deleted_scans_total", help: "Ended scans this container deleted under APO_RETENTION_DAYS", registers }),
  };
}

export function metrics(): Metrics {
  holder[KEY] ??= create();
  return holder[KEY];
}

/** A scan this container ran has ended. */
export function recordScanEnded(status: string, seconds: number): void {
  const m = metrics();
  m.scansEnded.inc({ status });
  m.scanDuration.observe({ outcome: status }, seconds);
}

export function sseClientOpened(): void {
  metrics().sseClients.inc();
}

export function sseClientClosed(): void {
  metrics().sseClients.dec();
}

/** An engine child process died before it sent the scan's outcome. */
export function engineRestarted(reason: "crashed" | "start_failed" | "backstop"): void {
  metrics().engineRestarts.inc({ reason });
}

export function retentionDeleted(count: number): void {
  if (count > 0) metrics().retentionDeleted.inc(count);
}

/** Figures read from the shared store at scrape time. */
export interface StoreFigures {
  queued: number;
  running: number;
  runningHere: number;
}

/** The Prometheus text exposition; the store's figures are set first when given. */
export async function renderMetrics(figures: StoreFigures | null): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  if (figures) {
    m.queueDepth.set(figures.queued);
    m.scansRunning.set({ scope: "cluster" }, figures.running);
    m.scansRunning.set({ scope: "process" }, figures.runningHere);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/** Tests: a fresh registry. */
export function resetMetrics(): void {
  holder[KEY] = undefined;
}
