import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDriver } from "@/lib/store/pg-driver";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";
import { randomUUID } from "node:crypto";

// The same contract against both homes of the store: embedded PGlite and a real PostgreSQL 15.

const newScan = (owner: string, extra: Partial<{ pinned: boolean; workerId: string | null }> = {}) => ({
  id: randomUUID(),
  owner,
  url: "https://example.com/",
  framework: "CCPA",
  request: { url: "https://example.com/", framework: "CCPA", crawl_depth: 1, use_llm: false },
  workerId: extra.workerId ?? null,
  pinned: extra.pinned ?? false,
});

function contract(name: string, open: () => Promise<{ store: SqlStore; driver: SqlDriver }>) {
  describe(name, () => {
    let store: SqlStore;
    let driver: SqlDriver;
    beforeAll(async () => {
      ({ store, driver } = await open());
      await store.migrate();
      await store.migrate(); // idempotent
    });
    afterAll(async () => {
      await store.close();
    });

    it("creates, reads owner-scoped, lists and deletes with cascade", async () => {
      const s = await store.createScan(newScan("alice"));
      expect(s.status).toBe("queued");
      expect(await store.getScan(s.id, "alice")).not.toBeNull();
      expect(await store.getScan(s.id, "bob")).toBeNull();
      await store.appendEvents(s.id, [{ id: 1, timestamp: "t1", agent: "system", level: "INFO", msg: "queued" }]);
      await store.createShare({ id: randomUUID(), scanId: s.id, owner: "alice", expiresAt: new Date(Date.now() + 60_000) });
      await store.replaceViolations(s.id, [{ rule_id: "r", framework: "CCPA", violation_type: "GPC_NOT_HONORED", severity: "HIGH", penalty_min_usd: 1, penalty_max_usd: 2, data: {} }]);
      const page = await store.listScans("alice", 10, 0);
      expect(page.items.map((x) => x.id)).toContain(s.id);
      expect(await store.deleteScan(s.id, "bob")).toBe(false);
      expect(await store.deleteScan(s.id, "alice")).toBe(true);
      expect(await store.listEvents(s.id, 0)).toEqual([]);
      expect(await store.countViolations(s.id)).toBe(0);
    });

    it("counts an owner's scans of the last window by the database clock, with the wait until one leaves it", async () => {
      expect(await store.recentScans("rate-owner", 60)).toEqual({ count: 0, retryAfterSeconds: 1 });
      const first = await store.createScan(newScan("rate-owner"));
      await store.createScan(newScan("rate-owner"));
      await store.createScan(newScan("someone-else"));
      const recent = await store.recentScans("rate-owner", 60);
      expect(recent.count).toBe(2);
      expect(recent.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(recent.retryAfterSeconds).toBeLessThanOrEqual(60);
      // Older than the window: no longer counted.
      await driver.query("update scans set created_at = now() - interval '2 minutes' where id = $1", [first.id]);
      expect((await store.recentScans("rate-owner", 60)).count).toBe(1);
    });

    it("counts an owner's queued and running scans, whichever worker holds them, and nothing that has ended", async () => {
      expect(await store.activeScans("busy-owner")).toBe(0);
      const [a, b, c] = [await store.createScan(newScan("busy-owner")), await store.createScan(newScan("busy-owner")), await store.createScan(newScan("busy-owner", { pinned: true, workerId: "w-other" }))];
      const calm = await store.createScan(newScan("calm-owner"));
      expect(await store.activeScans("busy-owner")).toBe(3);
      // Running on another container counts the same as queued here.
      await driver.query("update scans set status = 'running', worker_id = 'elsewhere', started_at = now() where id = $1", [a!.id]);
      expect(await store.activeScans("busy-owner")).toBe(3);
      await store.updateScan(b!.id, { status: "complete", finishedAt: new Date() });
      expect(await store.activeScans("busy-owner")).toBe(2);
      expect(await store.cancelQueued(c!.id)).toBe(true);
      expect(await store.activeScans("busy-owner")).toBe(1);
      await store.updateScan(a!.id, { status: "interrupted", finishedAt: new Date() });
      expect(await store.activeScans("busy-owner")).toBe(0);
      expect(await store.activeScans("calm-owner")).toBe(1);
      await store.updateScan(calm.id, { status: "complete", finishedAt: new Date() });
      const index = await driver.query<{ indexname: string }>("select indexname from pg_indexes where tablename = 'scans' and indexname = 'scans_owner_live_idx'");
      expect(index).toHaveLength(1);
    });

    it("claims each queued job exactly once under concurrency (FOR UPDATE SKIP LOCKED)", async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 6; i++) ids.add((await store.createScan(newScan("claimer"))).id);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimNextScan(`w${i % 3}`)));
      const claimed = claims.filter((c) => c && ids.has(c.id)).map((c) => c!.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(6);
    });

    it("gives pinned jobs only to their worker, reports queue positions in order", async () => {
      while (await store.claimNextScan("drain")) {
        /* empty the queue left by other cases */
      }
      const a = await store.createScan(newScan("q"));
      const b = await store.createScan(newScan("q", { pinned: true, workerId: "origin" }));
      expect(await store.queuePosition(a.id)).toBe(1);
      expect(await store.queuePosition(b.id)).toBe(2);
      expect((await store.claimNextScan("other"))?.id).toBe(a.id);
      expect(await store.claimNextScan("other")).toBeNull();
      expect((await store.claimNextScan("origin"))?.id).toBe(b.id);
    });

    it("cancels a queued job atomically, never one a worker already claimed", async () => {
      while (await store.claimNextScan("drain3")) {
        /* empty the queue */
      }
      const queued = await store.createScan(newScan("cq"));
      const claimed = await store.createScan(newScan("cq"));
      expect(await store.cancelQueued(queued.id)).toBe(true);
      expect((await store.claimNextScan("w"))?.id).toBe(claimed.id);
      expect(await store.cancelQueued(claimed.id)).toBe(false);
      expect((await store.getScan(queued.id))?.status).toBe("cancelled");
    });

    it("marks scans of dead workers interrupted by heartbeat age, never live ones", async () => {
      const dead = await store.createScan(newScan("hb"));
      const alive = await store.createScan(newScan("hb"));
      while (await store.claimNextScan("drain2")) {
        /* drains dead + alive into drain2 */
      }
      await driver.query("update scans set worker_id = 'dead', heartbeat_at = now() - interval '10 minutes' where id = $1", [dead.id]);
      await driver.query("update scans set worker_id = 'alive' where id = $1", [alive.id]);
      await store.heartbeat("alive");
      const stale = await store.interruptStaleScans(60, "me");
      expect(stale).toContain(dead.id);
      expect(stale).not.toContain(alive.id);
      expect((await store.getScan(dead.id))?.status).toBe("interrupted");
      await store.requestCancel(alive.id);
      expect(await store.heartbeat("alive")).toEqual([alive.id]);
    });

    it("stores events in order and pages after an id", async () => {
      const s = await store.createScan(newScan("ev"));
      const events = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, timestamp: `t${i}`, agent: "discovery" as const, level: "INFO" as const, msg: `m${i}`, progress: i * 10 }));
      await store.appendEvents(s.id, events.slice(3));
      await store.appendEvents(s.id, events.slice(0, 3));
      await store.appendEvents(s.id, events.slice(0, 1)); // duplicate ids are ignored
      expect((await store.listEvents(s.id, 0)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
      expect((await store.listEvents(s.id, 3)).map((e) => e.msg)).toEqual(["m3", "m4"]);
      expect(await store.lastEventId(s.id)).toBe(5);
    });

    it("notifies apo_scan_events once per scan per insert with its highest seq, and not for rows the insert skipped", async () => {
      const got: string[] = [];
      const states: string[] = [];
      const unlisten = await store.listen!("apo_scan_events", (p) => got.push(p), (s) => states.push(s));
      try {
        expect(states).toEqual(["listening"]);
        const [a, b] = [await store.createScan(newScan("notify")), await store.createScan(newScan("notify"))];
        const ev = (id: number) => ({ id, timestamp: `t${id}`, agent: "system" as const, level: "INFO" as const, msg: `m${id}` });
        const mine = () => got.filter((p) => p.startsWith(a!.id) || p.startsWith(b!.id));
        await store.appendEvents(a!.id, [ev(1), ev(2), ev(3)]);
        await store.appendEvents(a!.id, [ev(2)]); // a retried batch: nothing inserted, nobody told
        await store.appendEvents(b!.id, [ev(1)]);
        // One statement across two scans: one notification each.
        const row = "($1, $2, 't', 'system', 'INFO', 'x')";
        await driver.query(`insert into scan_events (scan_id, seq, ts, agent, level, msg) values ${row}, ${row.replace("$2", "$3")}, ${row.replace("$1", "$4").replace("$2", "$5")}`, [a!.id, 4, 5, b!.id, 2]);
        const deadline = Date.now() + 5_000;
        while (mine().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        // Notifications arrive in commit order, so the skipped insert's would have come before b's.
        expect(mine().slice(0, 2)).toEqual([`${a!.id}:3`, `${b!.id}:1`]);
        expect(mine().slice(2).sort()).toEqual([`${a!.id}:5`, `${b!.id}:2`].sort());
      } finally {
        await unlisten();
      }
      // Unsubscribed: later inserts reach nobody here.
      const c = await store.createScan(newScan("notify"));
      const before = got.length;
      await store.appendEvents(c.id, [{ id: 1, timestamp: "t", agent: "system", level: "INFO", msg: "after" }]);
      await new Promise((r) => setTimeout(r, 100));
      expect(got.length).toBe(before);
    });

    it("keeps tokens as hashes, revokes them owner-scoped", async () => {
      const t = await store.createToken({ id: randomUUID(), owner: "tok", name: "ci", tokenHash: "ab".repeat(32), expiresAt: new Date(Date.now() + 1e6) });
      expect((await store.listTokens("tok")).map((x) => x.id)).toEqual([t.id]);
      expect(await store.revokeToken(t.id, "someone-else")).toBe(false);
      expect(await store.revokeToken(t.id, "tok")).toBe(true);
      expect((await store.getToken(t.id))?.revokedAt).toBeInstanceOf(Date);
    });

    it("has row-level security enabled on every table", async () => {
      const rows = await driver.query<{ relname: string; relrowsecurity: boolean }>(
        "select relname, relrowsecurity from pg_class where relname in ('scans','scan_events','violations','api_tokens','scan_shares')",
      );
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r.relrowsecurity)).toBe(true);
    });

    it("has row-level security on every table in the public schema, the migrations ledger included", async () => {
      // Supabase's Data API reaches every public table as anon/authenticated: RLS with no policy denies it.
      const tables = await driver.query<{ relname: string; relrowsecurity: boolean }>(
        "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname",
      );
      expect(tables.map((t) => t.relname)).toContain("apo_migrations");
      expect(tables.filter((t) => !t.relrowsecurity).map((t) => t.relname)).toEqual([]);
    });

    it("stores the report and a summary, and finds the latest completed scan", async () => {
      const s = await store.createScan(newScan("rep"));
      await store.updateScan(s.id, { status: "complete", report: { violations: [] }, finishedAt: new Date(), summary: { total_violations: 0, severity_breakdown: { HIGH: 0, MEDIUM: 0, LOW: 0 }, max_potential_penalty_usd: null, compliance_score: 100, grade: "A" } });
      expect(await store.getReport(s.id, "rep")).toEqual({ violations: [] });
      expect((await store.latestCompletedScan("rep"))?.id).toBe(s.id);
    });
  });
}

const pgliteDir = mkdtempSync(join(tmpdir(), "apo-pglite-"));
afterAll(() => rmSync(pgliteDir, { recursive: true, force: true }));

contract("embedded store (PGlite)", async () => {
  const driver = await openPgliteDriver(join(pgliteDir, "db"));
  return { driver, store: new SqlStore(driver, "embedded") };
});

let pg: TestPostgres | undefined;
afterAll(async () => {
  await pg?.stop();
});

contract("Postgres adapter (real PostgreSQL 15)", async () => {
  pg = await startPostgres();
  const driver = openPgDriver(pg.url);
  return { driver, store: new SqlStore(driver, "postgres") };
});

describe("embedded store persistence", () => {
  it("survives a restart of the process's database handle", async () => {
    const dir = join(pgliteDir, "restart");
    const first = new SqlStore(await openPgliteDriver(dir), "embedded");
    await first.migrate();
    const s = await first.createScan(newScan("persist"));
    await first.close();
    const second = new SqlStore(await openPgliteDriver(dir), "embedded");
    await second.migrate();
    expect((await second.getScan(s.id))?.owner).toBe("persist");
    await second.close();
  });
});
