import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { AgentContext, ScanArtifact, ScanJob } from "@/agents/types";
import type { Principal } from "@/lib/auth/principal";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { resetSecretsCache } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";
import { setScanService, startScanService, type ScanService, type StartOptions } from "@/lib/scans/queue/service";
import type { ScanOutcome, ScanRunner } from "@/lib/scans/types";
import { watchScanEvents } from "@/lib/scans/queue/watch-scan-events";
import type { ArtifactStore } from "@/lib/store/artifact-store";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { SqlStore } from "@/lib/store/sql-store";
import type { StoredEvent } from "@/lib/store/types";

export interface TestService {
  service: ScanService;
  dataDir: string;
  /** Stops the worker, closes the store, restores the environment and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * The scan service as the server runs it (queue, event hub, embedded store in a temp folder)
 * around an injected runner, installed as this process's service so lib/scans' use cases find it.
 * `env` is applied on top of APO_ALLOW_PRIVATE_TARGETS=true and APO_DATA_DIR, and undone by stop().
 */
export async function startTestService(
  runner: ScanRunner,
  options: {
    workerId: string;
    env?: Record<string, string>;
    heartbeatMs?: number;
    monitors?: StartOptions["monitors"];
    /** The artefact store (default: disk under the data folder). */
    artifacts?: (dataDir: string) => Promise<ArtifactStore>;
  },
): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), `apo-${options.workerId}-`));
  const saved = { ...process.env };
  Object.assign(process.env, { APO_ALLOW_PRIVATE_TARGETS: "true", APO_DATA_DIR: dataDir, ...options.env });
  resetEnvCache();
  resetSecretsCache();
  const store = new SqlStore(await openPgliteDriver(join(dataDir, "db")), "embedded");
  await store.migrate();
  const artifacts = options.artifacts ? await options.artifacts(dataDir) : new DiskArtifactStore(dataDir);
  const service = await startScanService({ store, artifacts, runner, maxConcurrent: 1, workerId: options.workerId, pollMs: 50, heartbeatMs: options.heartbeatMs, monitors: options.monitors });
  setScanService(Promise.resolve(service));
  return {
    service,
    dataDir,
    async stop() {
      await service.monitors.stop();
      await service.worker.shutdown(100);
      await service.feed.stop();
      await service.store.close();
      setScanService(undefined);
      process.env = saved;
      resetEnvCache();
      resetSecretsCache();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A runner that runs until the scan is cancelled (or the worker stops it). */
export async function runsUntilStopped(_job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
  return { status: "cancelled", error: null, evidence: null, report: null, artifacts: [] };
}

/** Every event of the scan up to DONE (or the timeout), calling onEvent on each as it arrives. */
export async function followToDone(service: ScanService, scanId: string, onEvent: (event: StoredEvent) => unknown = () => undefined, timeoutMs = 20_000): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of watchScanEvents(service, scanId, 0, AbortSignal.timeout(timeoutMs))) {
    events.push(event);
    await onEvent(event);
    if (event.level === "DONE") break;
  }
  return events;
}

/** startTestService for the current test file: started before its tests, stopped after them. */
export function testServiceForFile(runner: ScanRunner, options: Parameters<typeof startTestService>[1]): { readonly service: ScanService } {
  let test: TestService | undefined;
  beforeAll(async () => {
    test = await startTestService(runner, options);
  }, 120_000);
  afterAll(() => test?.stop());
  return {
    get service() {
      if (!test) throw new Error("the test service has not started");
      return test.service;
    },
  };
}

/** Queues a scan of a loopback URL the scripted runners never visit. */
export function queueScan(principal: Principal): Promise<{ scan_id: string }> {
  return createScan(principal, ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", crawl_depth: 1 }));
}

/** Writes a JSON artefact into the scan's folder, as the engine does, and describes it. */
export function writeJsonArtifact(job: ScanJob, file: string, kind: ScanArtifact["kind"], value: unknown): ScanArtifact {
  const text = JSON.stringify(value);
  writeFileSync(join(job.outDir, file), text);
  return { file, kind, contentType: "application/json", bytes: Buffer.byteLength(text) };
}
