import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDriver } from "@/lib/store/pg-driver";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { NewMonitor } from "@/lib/store/types";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// The monitor tables' contract on both homes of the store: embedded PGlite and a real PostgreSQL.
// What several containers rely on is tested with concurrent calls: a due monitor starts one run,
// an ended run is finalized once, a delivery is sent by one sender at a time.

const newMonitor = (owner: string, extra: Partial<NewMonitor> = {}): NewMonitor => ({
  id: randomUUID(),
  owner,
  name: "shop",
  url: "https://shop.example/",
  request: { framework: "GDPR", crawl_depth: 1, use_llm: false },
  intervalMinutes: 60,
  webhookUrl: null,
  webhookSecretSealed: null,
  alertOn: "any_run",
  enabled: true,
  ...extra,
});

const runScan = (owner: string) => ({
  id: randomUUID(),
  owner,
  url: "https://shop.example/",
  framework: "GDPR",
  request: { url: "https://shop.example/", framework: "GDPR", crawl_depth: 1, use_llm: false },
  workerId: null,
  pinned: false,
});

function contract(name: string, open: () => Promise<{ store: SqlStore; driver: SqlDriver }>) {
  describe(name, () => {
    let store: SqlStore;
    let driver: SqlDriver;
    const backdate = (id: string, minutes: number) =>
      driver.query(`update monitors set next_run_at = now() - make_interval(mins => $2) where id = $1`, [id, minutes]);
    const end = (scanId: string, status: "complete" | "error") => store.updateScan(scanId, { status, finishedAt: new Date() });

    beforeAll(async () => {
      ({ store, driver } = await open());
      await store.migrate();
    });
    afterAll(() => store.close());

    it("creates a monitor due at once, reads it owner-scoped, pauses, resumes and deletes it with its runs", async () => {
      const m = await store.createMonitor(newMonitor("alice"));
      expect(m.nextRunAt).not.toBeNull();
      expect(m.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await store.getMonitor(m.id, "bob")).toBeNull();
      expect((await store.listMonitors("alice")).map((x) => x.id)).toContain(m.id);
      expect(await store.listMonitors("bob")).toEqual([]);
      expect(await store.updateMonitor(m.id, "bob", { enabled: false })).toBeNull();

      const paused = await store.updateMonitor(m.id, "alice", { enabled: false });
      expect(paused).toMatchObject({ enabled: false, nextRunAt: null });
      expect((await store.dueMonitors(50)).map((x) => x.id)).not.toContain(m.id);
      const resumed = await store.updateMonitor(m.id, "alice", { enabled: true, name: "renamed" });
      expect(resumed).toMatchObject({ enabled: true, name: "renamed" });
      expect(resumed!.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

      const scan = await store.startMonitorRun(m.id, runScan("alice"), "manual");
      expect(scan?.status).toBe("queued");
      expect(await store.deleteMonitor(m.id, "bob")).toBe(false);
      expect(await store.deleteMonitor(m.id, "alice")).toBe(true);
      expect(await store.getMonitorRun(scan!.id)).toBeNull();
      // The run's scan is an ordinary scan: it stays in the owner's history.
      expect(await store.getScan(scan!.id, "alice")).not.toBeNull();
    });

    it("resuming keeps the rhythm: due an interval after the last run, or now after a pause longer than that", async () => {
      const m = await store.createMonitor(newMonitor("rhythm"));
      const run = await store.startMonitorRun(m.id, runScan("rhythm"), "schedule");
      await end(run!.id, "complete");
      await store.updateMonitor(m.id, "rhythm", { enabled: false });
      const resumed = await store.updateMonitor(m.id, "rhythm", { enabled: true });
      // Paused and resumed within the interval: the next run is still an hour after the last one.
      expect(resumed!.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
      expect((await store.dueMonitors(50)).map((x) => x.id)).not.toContain(m.id);
      // Paused for longer than the interval: due at once, one run.
      await store.updateMonitor(m.id, "rhythm", { enabled: false });
      await driver.query("update monitor_runs set created_at = now() - interval '3 hours' where monitor_id = $1", [m.id]);
      const late = await store.updateMonitor(m.id, "rhythm", { enabled: true });
      expect(late!.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect((await store.dueMonitors(50)).map((x) => x.id)).toContain(m.id);
    });

    it("a shorter interval brings the next run forward; a longer one leaves it", async () => {
      const m = await store.createMonitor(newMonitor("carol", { intervalMinutes: 7 * 24 * 60 }));
      await driver.query("update monitors set next_run_at = now() + interval '6 days' where id = $1", [m.id]);
      const shorter = await store.updateMonitor(m.id, "carol", { intervalMinutes: 60 });
      expect(shorter!.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 61 * 60_000);
      const longer = await store.updateMonitor(m.id, "carol", { intervalMinutes: 120 });
      expect(longer!.nextRunAt!.getTime()).toBe(shorter!.nextRunAt!.getTime());
    });

    it("a monitor three intervals overdue starts one run, and its next run is an interval from now", async () => {
      const m = await store.createMonitor(newMonitor("dave"));
      await backdate(m.id, 3 * 60 + 5);
      expect((await store.dueMonitors(50)).map((x) => x.id)).toContain(m.id);
      const first = await store.startMonitorRun(m.id, runScan("dave"), "schedule");
      expect(first).not.toBeNull();
      const after = await store.getMonitor(m.id);
      expect(after!.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
      expect(after!.activeScanId).toBe(first!.id);
      // Not due any more, even once the run has ended.
      await end(first!.id, "complete");
      expect((await store.dueMonitors(50)).map((x) => x.id)).not.toContain(m.id);
      expect(await store.startMonitorRun(m.id, runScan("dave"), "schedule")).toBeNull();
      expect(await store.listMonitorRuns(m.id, 10)).toHaveLength(1);
    });

    it("concurrent claims of one due monitor start exactly one run", async () => {
      const m = await store.createMonitor(newMonitor("erin"));
      const firstEvent = { agent: "system" as const, level: "INFO" as const, msg: "Scan queued (monitor erin, scheduled)", phase: "queued", timestamp: "t-queued" };
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.startMonitorRun(m.id, { ...runScan("erin"), firstEvent }, "schedule")));
      expect(claims.filter(Boolean)).toHaveLength(1);
      // The run's queued line is stored with its scan, and the refused claims stored none.
      expect(await store.listEvents(claims.find(Boolean)!.id, 0)).toEqual([{ id: 1, ...firstEvent }]);
      const events = await driver.query<{ n: number }>("select count(*)::int as n from scan_events e join scans s on s.id = e.scan_id where s.owner = 'erin'");
      expect(events[0]!.n).toBe(1);
      const runs = await store.listMonitorRuns(m.id, 10);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "schedule", finalizedAt: null, diff: null });
      const scans = await driver.query<{ n: number }>("select count(*)::int as n from scans where owner = 'erin'");
      expect(scans[0]!.n).toBe(1);
    });

    it("runs never overlap: a run in progress blocks manual and scheduled runs until it ends", async () => {
      const m = await store.createMonitor(newMonitor("frank"));
      const first = await store.startMonitorRun(m.id, runScan("frank"), "manual");
      expect(first).not.toBeNull();
      await backdate(m.id, 1);
      expect(await store.startMonitorRun(m.id, runScan("frank"), "manual")).toBeNull();
      expect((await store.dueMonitors(50)).map((x) => x.id)).not.toContain(m.id);
      expect(await store.startMonitorRun(m.id, runScan("frank"), "schedule")).toBeNull();
      await end(first!.id, "error");
      // Still due (it was due while the run went on): it runs now, once.
      expect((await store.dueMonitors(50)).map((x) => x.id)).toContain(m.id);
      expect(await store.startMonitorRun(m.id, runScan("frank"), "schedule")).not.toBeNull();
    });

    it("the diff base is the newest completed run before this one; failed runs are skipped", async () => {
      const m = await store.createMonitor(newMonitor("grace"));
      const ids: string[] = [];
      for (const status of ["complete", "complete", "error"] as const) {
        const s = await store.startMonitorRun(m.id, runScan("grace"), "manual");
        ids.push(s!.id);
        await end(s!.id, status);
      }
      const last = await store.startMonitorRun(m.id, runScan("grace"), "manual");
      expect(await store.previousGoodRun(m.id, last!.id)).toBe(ids[1]);
      expect(await store.previousGoodRun(m.id, ids[0]!)).toBeNull();
      expect((await store.listMonitorRuns(m.id, 10)).map((r) => r.scanId)).toEqual([last!.id, ids[2], ids[1], ids[0]]);
    });

    it("an ended run is claimed for finalizing once, and finalizing frees the monitor", async () => {
      const m = await store.createMonitor(newMonitor("heidi"));
      const s = await store.startMonitorRun(m.id, runScan("heidi"), "manual");
      expect((await store.claimRunsToFinalize(10, 60)).map((r) => r.scanId)).not.toContain(s!.id); // still queued
      await end(s!.id, "complete");
      const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimRunsToFinalize(10, 60)));
      expect(claims.flat().filter((r) => r.scanId === s!.id)).toHaveLength(1);
      // Claimed and not finalized: nobody else takes it within the lease.
      expect((await store.claimRunsToFinalize(10, 60)).map((r) => r.scanId)).not.toContain(s!.id);
      await store.finalizeMonitorRun(s!.id, { baseScanId: null, diff: { changed: false } });
      const run = await store.getMonitorRun(s!.id);
      expect(run).toMatchObject({ diff: { changed: false }, baseScanId: null });
      expect(run!.finalizedAt).not.toBeNull();
      expect((await store.getMonitor(m.id))!.activeScanId).toBeNull();
      // A lease that ran out (the finalizing container died) lets another container take it.
      const t = await store.startMonitorRun(m.id, runScan("heidi"), "manual");
      await end(t!.id, "error");
      expect((await store.claimRunsToFinalize(10, 60)).map((r) => r.scanId)).toContain(t!.id);
      await driver.query("update monitor_runs set finalize_claimed_at = now() - interval '2 minutes' where scan_id = $1", [t!.id]);
      expect((await store.claimRunsToFinalize(10, 60)).map((r) => r.scanId)).toContain(t!.id);
    });

    it("a delivery is claimed by one sender at a time, retried when due, and logs each attempt", async () => {
      const m = await store.createMonitor(newMonitor("ivan", { webhookUrl: "https://hooks.example/in", webhookSecretSealed: "sealed" }));
      const id = randomUUID();
      await store.enqueueDelivery({ id, monitorId: m.id, scanId: null, eventType: "monitor.test", payload: '{"type":"monitor.test"}' });
      // Queued twice with one id (a finalizer retrying after a crash): one delivery.
      await store.enqueueDelivery({ id, monitorId: m.id, scanId: null, eventType: "monitor.test", payload: '{"type":"monitor.test","again":true}' });
      const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimDueDeliveries(10, 30)));
      const mine = claims.flat().filter((d) => d.id === id);
      expect(mine).toEqual([{ id, monitorId: m.id, payload: '{"type":"monitor.test"}', attemptCount: 0, webhookUrl: "https://hooks.example/in", webhookSecretSealed: "sealed" }]);
      expect((await store.claimDueDeliveries(10, 30)).map((d) => d.id)).not.toContain(id);

      await store.recordDeliveryAttempt(id, { responseStatus: 500, error: null, durationMs: 12 }, { status: "pending", nextAttemptAt: new Date(Date.now() - 1000) });
      const again = (await store.claimDueDeliveries(10, 30)).find((d) => d.id === id);
      expect(again?.attemptCount).toBe(1);
      await store.recordDeliveryAttempt(id, { responseStatus: null, error: "timed out after 10 s", durationMs: 10_000 }, { status: "pending", nextAttemptAt: new Date(Date.now() + 60_000) });
      expect((await store.claimDueDeliveries(10, 30)).map((d) => d.id)).not.toContain(id);
      await driver.query("update webhook_deliveries set next_attempt_at = now() where id = $1", [id]);
      expect((await store.claimDueDeliveries(10, 30)).map((d) => d.id)).toContain(id);
      await store.recordDeliveryAttempt(id, { responseStatus: 204, error: null, durationMs: 8 }, { status: "delivered" });

      const [log] = await store.listDeliveries(m.id, 10);
      expect(log).toMatchObject({ id, status: "delivered", attemptCount: 3, nextAttemptAt: null, eventType: "monitor.test" });
      expect(log!.deliveredAt).not.toBeNull();
      expect(log!.attempts.map((a) => [a.attempt, a.responseStatus, a.error])).toEqual([
        [1, 500, null],
        [2, null, "timed out after 10 s"],
        [3, 204, null],
      ]);
      expect((await store.claimDueDeliveries(10, 30)).map((d) => d.id)).not.toContain(id);
    });

    it("has row-level security on the monitor tables", async () => {
      const rows = await driver.query<{ relname: string; relrowsecurity: boolean }>(
        "select relname, relrowsecurity from pg_class where relname in ('monitors', 'monitor_runs', 'webhook_deliveries', 'webhook_attempts') order by relname",
      );
      expect(rows).toEqual(["monitor_runs", "monitors", "webhook_attempts", "webhook_deliveries"].map((relname) => ({ relname, relrowsecurity: true })));
    });
  });
}

const pgliteDir = mkdtempSync(join(tmpdir(), "apo-monitor-pglite-"));
afterAll(() => rmSync(pgliteDir, { recursive: true, force: true }));

contract("monitors on the embedded store (PGlite)", async () => {
  const driver = await openPgliteDriver(join(pgliteDir, "db"));
  return { driver, store: new SqlStore(driver, "embedded") };
});

let pg: TestPostgres | undefined;
afterAll(async () => {
  await pg?.stop();
});

contract("monitors on Postgres (real PostgreSQL)", async () => {
  pg = await startPostgres();
  const driver = openPgDriver(pg.url);
  return { driver, store: new SqlStore(driver, "postgres") };
});
