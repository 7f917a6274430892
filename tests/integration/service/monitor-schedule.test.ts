import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { resetEnvCache } from "@/lib/env";
import { startDueRuns } from "@/lib/monitors/scheduler";
import { EventHub } from "@/lib/scans/queue/event-hub";
import { startScanService, type ScanService } from "@/lib/scans/queue/service";
import type { ScanOutcome } from "@/lib/scans/types";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgDriver } from "@/lib/store/pg-driver";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { MonitorRecord, MonitorRunRecord, NewMonitor } from "@/lib/store/types";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";
import { sampleReport } from "@/tests/unit/support/sample-report";

// The monitor loop as servers run it: scan services (queue, worker, monitor loop) on a real
// PostgreSQL shared by two of them, and on the embedded PGlite store across a restart. The runner
// completes each scan after a short while with a real report; no browser is needed to test when
// runs start. Each service ticks every TICK_MS, so "a few ticks" is well bounded.

const TICK_MS = 60;
const INTERVAL = 60;
const runs: string[] = [];

async function quickRunner(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  runs.push(job.scanId);
  await new Promise((r) => setTimeout(r, 80));
  if (ctx.signal.aborted) return { status: "cancelled", error: null, evidence: null, report: null, artifacts: [] };
  return { status: "complete", error: null, evidence: {}, report: sampleReport(job.scanId), artifacts: [] };
}

const newMonitor = (owner: string): NewMonitor => ({
  id: randomUUID(),
  owner,
  name: `site of ${owner}`,
  url: "http://127.0.0.1:9/",
  request: { framework: "GDPR", crawl_depth: 1, use_llm: false },
  intervalMinutes: INTERVAL,
  webhookUrl: null,
  webhookSecretSealed: null,
  alertOn: "any_run",
  enabled: true,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(40);
  }
}

const ended = (rs: MonitorRunRecord[]) => rs.length > 0 && rs.every((r) => r.scan.status !== "queued" && r.scan.status !== "running");

async function startService(store: SqlStore, dataDir: string, workerId: string): Promise<ScanService> {
  await store.migrate();
  return startScanService({ store, artifacts: new DiskArtifactStore(dataDir), runner: quickRunner, workerId, maxConcurrent: 2, pollMs: 50, heartbeatMs: 200, monitors: { tickMs: TICK_MS } });
}

async function stopService(service: ScanService): Promise<void> {
  await service.monitors.stop();
  await service.worker.shutdown(500);
  await service.store.close();
}

const dataDir = mkdtempSync(join(tmpdir(), "apo-monitor-schedule-"));
const savedEnv = { ...process.env };
beforeAll(() => {
  // Scheduled runs leave one of an owner's slots free: three slots, two for monitors.
  Object.assign(process.env, { APO_DATA_DIR: dataDir, APO_MAX_ACTIVE_SCANS_PER_OWNER: "3" });
  resetEnvCache();
});
afterAll(() => {
  process.env = savedEnv;
  resetEnvCache();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("on PostgreSQL", () => {
  let pg: TestPostgres;
  let admin: SqlDriver;
  beforeAll(async () => {
    pg = await startPostgres();
    admin = openPgDriver(pg.url, 2);
    const store = new SqlStore(openPgDriver(pg.url, 2), "postgres");
    await store.migrate();
    await store.close();
  });
  afterAll(async () => {
    await admin?.close();
    await pg?.stop();
  });
  const overdue = (id: string, minutes: number) => admin.query("update monitors set next_run_at = now() - make_interval(mins => $2) where id = $1", [id, minutes]);
  const nextRunAt = async (id: string) => (await admin.query<{ next_run_at: Date }>("select next_run_at from monitors where id = $1", [id]))[0]!.next_run_at;

  it("a monitor missed for three intervals while the server was down runs once when it starts", async () => {
    const setup = new SqlStore(openPgDriver(pg.url, 2), "postgres");
    const monitor = await setup.createMonitor(newMonitor("down@apo.test"));
    await overdue(monitor.id, 3 * INTERVAL + 5);
    await setup.close();

    const service = await startService(new SqlStore(openPgDriver(pg.url, 4), "postgres"), dataDir, "pg-restarted");
    try {
      const first = await until("the missed run", () => service.store.listMonitorRuns(monitor.id, 10), ended);
      // Many ticks later, still the one run, and the next one an interval from when it started.
      await sleep(15 * TICK_MS);
      const all = await service.store.listMonitorRuns(monitor.id, 10);
      expect(all.map((r) => r.scanId)).toEqual(first.map((r) => r.scanId));
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ trigger: "schedule", scan: { status: "complete", owner: "down@apo.test", pinned: false } });
      const next = (await nextRunAt(monitor.id)).getTime();
      expect(next).toBeGreaterThan(Date.now() + (INTERVAL - 2) * 60_000);
      expect(next).toBeLessThanOrEqual(Date.now() + INTERVAL * 60_000);
      // The run is an ordinary scan: it was queued through the hub with the monitor's name.
      const events = await service.store.listEvents(all[0]!.scanId, 0);
      expect(events[0]?.msg).toMatch(/^Scan queued \(monitor site of down@apo\.test, scheduled\)/);
      expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "complete" });
    } finally {
      await stopService(service);
    }
  });

  it("two servers ticking together on one database never both run a due monitor", async () => {
    const a = await startService(new SqlStore(openPgDriver(pg.url, 4), "postgres"), dataDir, "pg-a");
    const b = await startService(new SqlStore(openPgDriver(pg.url, 4), "postgres"), dataDir, "pg-b");
    try {
      // Four owners, one of them with three monitors: it has two slots for monitor runs, so its
      // third monitor waits for a tick with a free slot, and still runs once per due period.
      const owners = ["one@apo.test", "two@apo.test", "three@apo.test", "many@apo.test", "many@apo.test", "many@apo.test"];
      const monitors = await Promise.all(owners.map((o) => a.store.createMonitor(newMonitor(o))));
      const ids = monitors.map((m) => m.id);
      const PERIODS = 4;
      let maxManyActive = 0;
      for (let period = 1; period <= PERIODS; period++) {
        if (period > 1) await Promise.all(ids.map((id) => overdue(id, 1)));
        const counts = await until(
          `period ${period}: every monitor's run ended`,
          async () => {
            maxManyActive = Math.max(maxManyActive, await a.store.activeScans("many@apo.test"));
            const perMonitor = await Promise.all(ids.map((id) => a.store.listMonitorRuns(id, 50)));
            return perMonitor.map((rs) => (ended(rs) ? rs.length : -rs.length));
          },
          (c) => c.every((n) => n === period),
          30_000,
        );
        expect(counts).toEqual(ids.map(() => period));
        // Both services keep ticking: no second run of the same period appears.
        await sleep(6 * TICK_MS);
        const again = await Promise.all(ids.map(async (id) => (await a.store.listMonitorRuns(id, 50)).length));
        expect(again, `runs per monitor after period ${period}`).toEqual(ids.map(() => period));
      }
      // Two slots for monitor runs; each container counts the owner's active scans before it
      // starts one, so two containers ticking at once may let one more through (as POST /api/scan).
      expect(maxManyActive).toBeLessThanOrEqual(3);
      // Every run the runners executed belongs to exactly one monitor run: no scan ran twice.
      const all = (await Promise.all(ids.map((id) => a.store.listMonitorRuns(id, 50)))).flat();
      expect(all).toHaveLength(ids.length * PERIODS);
      expect(new Set(all.map((r) => r.scanId)).size).toBe(all.length);
      for (const run of all) expect(runs.filter((id) => id === run.scanId)).toHaveLength(1);
      const workers = new Set(all.map((r) => r.scan.workerId));
      expect([...workers].every((w) => w === "pg-a" || w === "pg-b")).toBe(true);
    } finally {
      await Promise.all([stopService(a), stopService(b)]);
    }
  });

  it("a scheduled run that would take the owner's last slot waits for a later tick, and is not dropped", async () => {
    const store = new SqlStore(openPgDriver(pg.url, 2), "postgres");
    const deps = { store, hub: new EventHub(store), worker: { kick: () => undefined }, maxActivePerOwner: 3 };
    try {
      const owner = `capped-${randomUUID()}@apo.test`;
      const monitors: MonitorRecord[] = [];
      for (let i = 0; i < 3; i++) {
        monitors.push(await store.createMonitor(newMonitor(owner)));
        await overdue(monitors[i]!.id, 10 - i);
      }
      const started = await startDueRuns(deps);
      // The two most overdue started; the owner keeps one slot for its own scans.
      const runsOf = async () => Promise.all(monitors.map(async (m) => (await store.listMonitorRuns(m.id, 10)).length));
      expect(started).toHaveLength(2);
      expect(await runsOf()).toEqual([1, 1, 0]);
      const waiting = await nextRunAt(monitors[2]!.id);
      expect(waiting.getTime()).toBeLessThan(Date.now());
      expect(await startDueRuns(deps)).toEqual([]);
      // One run ends: the waiting monitor starts at the next tick, still due from when it was.
      await store.updateScan(started[0]!, { status: "complete", finishedAt: new Date() });
      expect(await startDueRuns(deps)).toHaveLength(1);
      expect(await runsOf()).toEqual([1, 1, 1]);
      expect(await startDueRuns(deps)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe("on the embedded store", () => {
  it("a due monitor runs once, and a restart does not run it again before its interval", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apo-monitor-embedded-"));
    try {
      let service = await startService(new SqlStore(await openPgliteDriver(join(dir, "db")), "embedded"), dir, "embedded-1");
      const monitor = await service.store.createMonitor(newMonitor("solo@apo.test"));
      service.monitors.kick();
      const first = await until("the first run", () => service.store.listMonitorRuns(monitor.id, 10), ended);
      expect(first).toHaveLength(1);
      await sleep(10 * TICK_MS);
      expect(await service.store.listMonitorRuns(monitor.id, 10)).toHaveLength(1);
      const next = (await service.store.getMonitor(monitor.id))!.nextRunAt!.getTime();
      await stopService(service);

      service = await startService(new SqlStore(await openPgliteDriver(join(dir, "db")), "embedded"), dir, "embedded-2");
      try {
        await sleep(15 * TICK_MS);
        await service.monitors.idle();
        const after = await service.store.listMonitorRuns(monitor.id, 10);
        expect(after.map((r) => r.scanId)).toEqual(first.map((r) => r.scanId));
        expect(after[0]!.scan.status).toBe("complete");
        expect((await service.store.getMonitor(monitor.id))!.nextRunAt!.getTime()).toBe(next);
      } finally {
        await stopService(service);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
