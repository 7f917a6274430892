import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RetentionSweeper, sweepExpiredScans } from "@/lib/maintenance/retention";
import { startScanService } from "@/lib/scans/queue/service";
import type { ArtifactStore } from "@/lib/store/artifact-store";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgDriver } from "@/lib/store/pg-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { NewMonitor, ScanStatus } from "@/lib/store/types";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// APO_RETENTION_DAYS on a real PostgreSQL 15 shared by two "containers" (two pools, two
// sweepers): each expired scan is deleted once with its events, violations, share links and
// artefacts; young, queued and running scans stay; a monitor keeps its newest completed run, so
// its next run still has a diff base.

const DAYS = 30;
let pg: TestPostgres;
let admin: SqlDriver;
let dataDir: string;
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
  admin = openPgDriver(pg.url, 1);
  dataDir = mkdtempSync(join(tmpdir(), "apo-retention-"));
});
afterAll(async () => {
  await admin?.close();
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh database and one "container" on it; more containers with connect(). */
async function freshDatabase() {
  const name = `retention_${++databases}`;
  await admin.query(`create database ${name}`);
  const url = pg.url.replace(/\/postgres$/, `/${name}`);
  const drivers: SqlDriver[] = [];
  const connect = async () => {
    const driver = openPgDriver(url);
    drivers.push(driver);
    const store = new SqlStore(driver, "postgres");
    await store.migrate();
    return { store, driver };
  };
  return { url, connect, close: () => Promise.all(drivers.map((d) => d.close())) };
}

/** The disk artefact store, counting removals per scan (across every container that shares the count). */
function countingArtifacts(removals: Map<string, number>, delayMs = 15): ArtifactStore {
  const disk = new DiskArtifactStore(dataDir);
  return {
    kind: "disk",
    workDir: (id) => disk.workDir(id),
    publish: () => disk.publish(),
    read: (id, file) => disk.read(id, file),
    async remove(id) {
      removals.set(id, (removals.get(id) ?? 0) + 1);
      // Slow enough that two sweeps running at once would both reach the same scans.
      await new Promise((r) => setTimeout(r, delayMs));
      await disk.remove(id);
    },
  };
}

async function seedScan(store: SqlStore, driver: SqlDriver, status: ScanStatus, ageDays: number | null, owner = "retention-owner"): Promise<string> {
  const id = randomUUID();
  await store.createScan({ id, owner, url: "https://shop.example/", framework: "GDPR", request: { url: "https://shop.example/" }, workerId: null, pinned: false });
  await driver.query(
    `update scans set status = $2, created_at = now() - make_interval(days => $3::int + 1),
       finished_at = case when $4::int is null then null else now() - make_interval(days => $4::int) end
     where id = $1`,
    [id, status, ageDays ?? 0, ageDays],
  );
  await store.appendEvents(id, [{ id: 1, timestamp: "t", agent: "system", level: "INFO", msg: "x" }]);
  await store.replaceViolations(id, [{ rule_id: "r", framework: "GDPR", violation_type: "X", severity: "HIGH", penalty_min_usd: 0, penalty_max_usd: 0, data: {} }]);
  await store.createShare({ id: randomUUID(), scanId: id, owner, expiresAt: new Date(Date.now() + 86_400_000) });
  const dir = new DiskArtifactStore(dataDir).workDir(id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "evidence_report.json"), "{}");
  return id;
}

const count = async (driver: SqlDriver, sql: string, id: string) => (await driver.query<{ n: number }>(`${sql}`, [id]))[0]?.n ?? -1;
async function rowsOf(driver: SqlDriver, id: string) {
  return {
    scan: await count(driver, "select count(*)::int as n from scans where id = $1", id),
    events: await count(driver, "select count(*)::int as n from scan_events where scan_id = $1", id),
    violations: await count(driver, "select count(*)::int as n from violations where scan_id = $1", id),
    shares: await count(driver, "select count(*)::int as n from scan_shares where scan_id = $1", id),
    artefacts: existsSync(new DiskArtifactStore(dataDir).workDir(id)),
  };
}

describe("retention sweep (real PostgreSQL 15)", () => {
  it("two containers sweeping at once: each expired scan deleted once with its rows and artefacts; young and live scans untouched", async () => {
    const db = await freshDatabase();
    const a = await db.connect();
    const b = await db.connect();
    try {
      const statuses: ScanStatus[] = ["complete", "error", "cancelled", "interrupted"];
      const old: string[] = [];
      for (let i = 0; i < 14; i++) old.push(await seedScan(a.store, a.driver, statuses[i % 4]!, DAYS + 1 + i));
      const young = [await seedScan(a.store, a.driver, "complete", DAYS - 1), await seedScan(a.store, a.driver, "error", 2)];
      // Live scans are never expired, however old: a queued one, and a running one with an (impossible) old finish time.
      const live = [await seedScan(a.store, a.driver, "queued", null), await seedScan(a.store, a.driver, "running", DAYS + 50)];

      const removals = new Map<string, number>();
      const options = { days: DAYS, batchSize: 4, maxBatches: 2, intervalSeconds: 0, leaseSeconds: 60, checkMs: 25 };
      // A single sweep is claimed by one of two containers asking at the same moment.
      const first = await Promise.all([
        sweepExpiredScans({ ...options, ops: a.store.ops, artifacts: countingArtifacts(removals), holder: "container-a" }),
        sweepExpiredScans({ ...options, ops: b.store.ops, artifacts: countingArtifacts(removals), holder: "container-b" }),
      ]);
      expect(first.filter((r) => r.claimed)).toHaveLength(1);
      expect(first.reduce((n, r) => n + r.deleted, 0)).toBe(8); // two batches of four, then the rest is left for the next sweep

      // Then both clocks run: whoever holds the lease sweeps, until nothing has expired.
      const sweepers = [
        new RetentionSweeper({ ...options, ops: a.store.ops, artifacts: countingArtifacts(removals), holder: "container-a" }),
        new RetentionSweeper({ ...options, ops: b.store.ops, artifacts: countingArtifacts(removals), holder: "container-b" }),
      ];
      for (const s of sweepers) s.start();
      const until = Date.now() + 20_000;
      while ((await a.store.ops.expiredScans(DAYS, 100)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(sweepers.map((s) => s.stop()));

      expect([...removals.keys()].sort()).toEqual([...old].sort());
      expect([...removals.values()].every((n) => n === 1)).toBe(true);
      for (const id of old) expect(await rowsOf(a.driver, id)).toEqual({ scan: 0, events: 0, violations: 0, shares: 0, artefacts: false });
      for (const id of [...young, ...live]) expect(await rowsOf(a.driver, id)).toEqual({ scan: 1, events: 1, violations: 1, shares: 1, artefacts: true });
      const [lease] = await a.driver.query<{ holder: string; lease_until: Date | null }>("select holder, lease_until from maintenance_leases where name = 'retention'");
      expect(lease?.lease_until).toBeNull();
    } finally {
      await db.close();
    }
  });

  it("keeps a monitor's newest completed run, so its next run diffs against it; the webhook log outlives the deleted runs", async () => {
    const db = await freshDatabase();
    const { store, driver } = await db.connect();
    try {
      const monitor: NewMonitor = {
        id: randomUUID(), owner: "mon-owner", name: "shop", url: "https://shop.example/", request: { framework: "GDPR" },
        intervalMinutes: 60, webhookUrl: null, webhookSecretSealed: null, alertOn: "any_run", enabled: true,
      };
      await store.createMonitor(monitor);
      const run = async (status: ScanStatus, ageDays: number) => {
        const id = randomUUID();
        const scan = await store.startMonitorRun(monitor.id, { id, owner: "mon-owner", url: monitor.url, framework: "GDPR", request: { url: monitor.url }, workerId: null, pinned: false }, "manual");
        expect(scan?.id).toBe(id);
        await store.updateScan(id, { status, finishedAt: new Date() });
        await store.finalizeMonitorRun(id, { baseScanId: null, diff: null });
        await driver.query("update scans set finished_at = now() - make_interval(days => $2::int), created_at = now() - make_interval(days => $2::int) where id = $1", [id, ageDays]);
        await driver.query("update monitor_runs set created_at = now() - make_interval(days => $2::int) where scan_id = $1", [id, ageDays]);
        return id;
      };
      const oldest = await run("complete", DAYS + 20);
      const newestComplete = await run("complete", DAYS + 10);
      const failedAfter = await run("error", DAYS + 5);
      await store.enqueueDelivery({ id: randomUUID(), monitorId: monitor.id, scanId: oldest, eventType: "monitor.run.completed", payload: "{}" });

      const removals = new Map<string, number>();
      const swept = await sweepExpiredScans({ ops: store.ops, artifacts: countingArtifacts(removals, 0), holder: "solo", days: DAYS });
      expect(swept).toEqual({ claimed: true, deleted: 2, kept: 0 });
      expect(await store.getScan(oldest)).toBeNull();
      expect(await store.getScan(failedAfter)).toBeNull();
      expect((await store.getScan(newestComplete))?.status).toBe("complete");
      expect((await store.listDeliveries(monitor.id, 10)).map((d) => d.scanId)).toEqual([null]);

      // The monitor works on: a new run diffs against the newest completed run that remains.
      const next = randomUUID();
      await store.startMonitorRun(monitor.id, { id: next, owner: "mon-owner", url: monitor.url, framework: "GDPR", request: { url: monitor.url }, workerId: null, pinned: false }, "manual");
      expect(await store.previousGoodRun(monitor.id, next)).toBe(newestComplete);
      // While that run is open, none of the monitor's runs is swept (its diff may be reading them).
      await driver.query("update scans set finished_at = now() - make_interval(days => 400) where id = $1", [newestComplete]);
      expect((await store.ops.expiredScans(DAYS, 10)).map((s) => s.id)).not.toContain(newestComplete);
      // Not due again within the interval: another sweep right away is not claimed.
      expect((await sweepExpiredScans({ ops: store.ops, artifacts: countingArtifacts(removals, 0), holder: "solo", days: DAYS })).claimed).toBe(false);
    } finally {
      await db.close();
    }
  });

  it("the scan service sweeps at start when APO_RETENTION_DAYS is set, and stops its clock on shutdown", async () => {
    const db = await freshDatabase();
    const { store, driver } = await db.connect();
    const expired = await seedScan(store, driver, "complete", DAYS + 3);
    const kept = await seedScan(store, driver, "complete", 1);
    const service = await startScanService({
      store, artifacts: new DiskArtifactStore(dataDir), workerId: "retention-service", maxConcurrent: 1,
      runner: async () => ({ status: "complete", error: null, evidence: null, report: null, artifacts: [] }),
      retention: { days: DAYS, checkMs: 50 },
    });
    try {
      const until = Date.now() + 10_000;
      while ((await store.getScan(expired)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await rowsOf(driver, expired)).toEqual({ scan: 0, events: 0, violations: 0, shares: 0, artefacts: false });
      expect((await rowsOf(driver, kept)).scan).toBe(1);
      const [lease] = await driver.query<{ holder: string; last_result: unknown }>("select holder, last_result from maintenance_leases where name = 'retention'");
      expect(lease).toEqual({ holder: "retention-service", last_result: { deleted: 1, kept: 0, days: DAYS } });
    } finally {
      await service.monitors.stop();
      await service.maintenance.stop();
      await service.worker.shutdown(100);
      await db.close();
    }
  });
});
