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

    // A worker "stops heartbeating" when its heartbeat is older than the lease: backdating it is
    // the database's view of a container that died that long ago.
    const lose = (workerId: string) => driver.query("update scans set heartbeat_at = now() - interval '10 minutes' where worker_id = $1", [workerId]);
    const drain = async (workerId: string) => {
      while (await store.claimNextScan(workerId)) {
        /* empty the queue left by other cases */
      }
    };
    const event = (id: number, msg: string) => ({ id, timestamp: `t${id}`, agent: "system" as const, level: "INFO" as const, msg });

    it("takes over a scan whose worker stopped heartbeating: queued again as attempt 2, claimed by another worker; a second loss fails it", async () => {
      await drain("drain-takeover");
      const s = await store.createScan(newScan("takeover"));
      const claimed = await store.claimNextScan("w-a");
      expect(claimed).toMatchObject({ id: s.id, attempt: 1, previousWorkerId: null, workerId: "w-a" });
      await store.updateScan(s.id, { phase: "interaction", progress: { discovery: 100, interaction: 30 } }, { workerId: "w-a", attempt: 1 });
      expect(await store.appendEvents(s.id, [event(1, "started on a")], { workerId: "w-a", attempt: 1 })).toBe("stored");
      const alive = await store.createScan(newScan("takeover"));
      expect((await store.claimNextScan("w-b"))?.id).toBe(alive.id);

      await lose("w-a");
      expect(await store.heartbeat("w-b")).toEqual([{ id: alive.id, attempt: 1, cancelRequested: false }]);
      const first = await store.recoverStaleScans(60, "w-b", 2);
      expect(first).toEqual({ requeued: [{ id: s.id, attempt: 2, previousWorkerId: "w-a" }], ended: [] });
      expect(await store.getScan(s.id)).toMatchObject({ status: "queued", workerId: null, previousWorkerId: "w-a", attempt: 2, phase: null, progress: {}, error: null, finishedAt: null });
      expect((await store.getScan(alive.id))?.status).toBe("running");

      // The lost worker, if only slow: its heartbeat no longer finds the scan, its fenced writes change nothing.
      expect(await store.heartbeat("w-a")).toEqual([]);
      expect(await store.updateScan(s.id, { status: "complete", finishedAt: new Date() }, { workerId: "w-a", attempt: 1 })).toBe(false);
      expect(await store.appendEvents(s.id, [event(2, "late from a")], { workerId: "w-a", attempt: 1 })).toBe("not_held");
      expect((await store.listEvents(s.id, 0)).map((e) => e.msg)).toEqual(["started on a"]);

      const retaken = await store.claimNextScan("w-b");
      expect(retaken).toMatchObject({ id: s.id, status: "running", workerId: "w-b", attempt: 2, previousWorkerId: "w-a" });
      expect(await store.lastEventId(s.id)).toBe(1);
      expect(await store.appendEvents(s.id, [event(2, "resumed on b")], { workerId: "w-b", attempt: 2 })).toBe("stored");
      // The same worker with the old attempt is fenced out too (it claimed the scan back after being slow).
      expect(await store.updateScan(s.id, { phase: "x" }, { workerId: "w-b", attempt: 1 })).toBe(false);

      await lose("w-b");
      const second = await store.recoverStaleScans(60, "w-c", 2);
      // w-b's other scan was on its first attempt: it moves on; this one had its last.
      expect(second.requeued).toEqual([{ id: alive.id, attempt: 2, previousWorkerId: "w-b" }]);
      expect(second.ended).toEqual([{ id: s.id, status: "error", error: { code: "worker_lost", message: expect.stringContaining("attempt 2 of 2") } }]);
      expect(await store.getScan(s.id)).toMatchObject({ status: "error", phase: "error", workerId: null, previousWorkerId: "w-b", attempt: 2, error: { code: "worker_lost" } });
      expect((await store.getScan(s.id))?.finishedAt).toBeInstanceOf(Date);
      expect(await store.recoverStaleScans(60, "w-c", 2)).toEqual({ requeued: [], ended: [] });
    });

    it("ends the pinned scans of a lost worker interrupted (pinned_worker_lost), running or still queued: their LLM keys died with it", async () => {
      await drain("drain-pinned");
      const running = await store.createScan(newScan("pinned", { pinned: true, workerId: "w-keys" }));
      expect((await store.claimNextScan("w-keys"))?.id).toBe(running.id);
      const queued = await store.createScan(newScan("pinned", { pinned: true, workerId: "w-keys" }));
      await lose("w-keys");
      const { requeued, ended } = await store.recoverStaleScans(60, "w-other", 2);
      expect(requeued).toEqual([]);
      expect(ended.map((e) => e.id).sort()).toEqual([running.id, queued.id].sort());
      for (const e of ended) {
        expect(e.status).toBe("interrupted");
        expect(e.error.code).toBe("pinned_worker_lost");
        expect(e.error.message).toMatch(/never stored.*re-run/i);
        expect(await store.getScan(e.id)).toMatchObject({ status: "interrupted", attempt: 1, workerId: null, previousWorkerId: "w-keys" });
      }
      expect(await store.claimNextScan("w-keys")).toBeNull();
    });

    it("never takes over the scans of a live worker, nor its own, and a lease of one attempt fails at once", async () => {
      await drain("drain-live");
      const mine = await store.createScan(newScan("lease"));
      expect((await store.claimNextScan("w-me"))?.id).toBe(mine.id);
      await lose("w-me");
      expect(await store.recoverStaleScans(60, "w-me", 2)).toEqual({ requeued: [], ended: [] });
      await store.heartbeat("w-me");
      expect(await store.recoverStaleScans(60, "w-other", 2)).toEqual({ requeued: [], ended: [] });
      await lose("w-me");
      const { ended } = await store.recoverStaleScans(60, "w-other", 1);
      expect(ended).toEqual([{ id: mine.id, status: "error", error: { code: "worker_lost", message: expect.stringContaining("attempt 1 of 1") } }]);
    });

    it("recovers each stale scan exactly once when three containers sweep at the same time", async () => {
      await drain("drain-sweep");
      const ids: string[] = [];
      for (let i = 0; i < 9; i++) ids.push((await store.createScan(newScan("sweep"))).id);
      await drain("w-dead");
      // A third of them are already on their last attempt.
      const last = ids.slice(0, 3);
      await driver.query("update scans set attempt = 2 where id = any($1::uuid[])", [last]);
      await lose("w-dead");
      const sweeps = await Promise.all(["c1", "c2", "c3"].map((c) => store.recoverStaleScans(60, c, 2)));
      const requeued = sweeps.flatMap((r) => r.requeued.map((x) => x.id));
      const ended = sweeps.flatMap((r) => r.ended.map((x) => x.id));
      expect([...requeued, ...ended].sort()).toEqual([...ids].sort());
      expect(new Set(requeued).size).toBe(requeued.length);
      expect(ended.sort()).toEqual([...last].sort());
      for (const r of sweeps.flatMap((x) => x.requeued)) expect(r).toMatchObject({ attempt: 2, previousWorkerId: "w-dead" });
      // The requeued ones are claimed once each, as attempt 2.
      const claims = await Promise.all(Array.from({ length: 9 }, (_, i) => store.claimNextScan(`c${i % 3}`)));
      const taken = claims.filter((c) => c !== null && ids.includes(c.id));
      expect(taken.map((c) => c!.id).sort()).toEqual([...requeued].sort());
      expect(taken.every((c) => c!.attempt === 2)).toBe(true);
    });

    it("reports the scans a heartbeat touched, with their attempt and a cancel requested elsewhere", async () => {
      await drain("drain-hb");
      const s = await store.createScan(newScan("hb"));
      expect((await store.claimNextScan("alive"))?.id).toBe(s.id);
      expect(await store.heartbeat("alive")).toEqual([{ id: s.id, attempt: 1, cancelRequested: false }]);
      await store.requestCancel(s.id);
      expect(await store.heartbeat("alive")).toEqual([{ id: s.id, attempt: 1, cancelRequested: true }]);
    });

    it("stores a new scan's first event with it, as event 1, before any worker can claim the scan", async () => {
      const first = { agent: "system" as const, level: "INFO" as const, msg: "Scan queued: https://first.example/", phase: "queued", timestamp: "t-queued" };
      const s = await store.createScan({ ...newScan("first-event"), firstEvent: first });
      expect(await store.listEvents(s.id, 0)).toEqual([{ id: 1, ...first }]);
      expect(await store.lastEventId(s.id)).toBe(1);
      // A scan created without one starts with an empty log.
      const bare = await store.createScan(newScan("first-event"));
      expect(await store.listEvents(bare.id, 0)).toEqual([]);
      // A worker's first event cannot take its id: it goes after the stored line (EventHub renumbers on id_taken).
      expect(await store.appendEvents(s.id, [{ id: 1, timestamp: "t-start", agent: "system", level: "INFO", msg: "Scan started" }])).toBe("id_taken");
    });

    it("stores events in order and pages after an id", async () => {
      const s = await store.createScan(newScan("ev"));
      const events = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, timestamp: `t${i}`, agent: "discovery" as const, level: "INFO" as const, msg: `m${i}`, progress: i * 10 }));
      expect(await store.appendEvents(s.id, events.slice(3))).toBe("stored");
      expect(await store.appendEvents(s.id, events.slice(0, 3))).toBe("stored");
      expect(await store.appendEvents(s.id, events.slice(0, 1))).toBe("stored"); // a retried write: skipped
      expect((await store.listEvents(s.id, 0)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
      // Another writer's event under a stored id refuses the whole batch, the new id in it included.
      expect(await store.appendEvents(s.id, [{ ...events[4]!, msg: "someone else's" }, { ...events[4]!, id: 6, msg: "m5" }])).toBe("id_taken");
      expect((await store.listEvents(s.id, 0)).map((e) => e.msg)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
      expect(await store.appendEvents(randomUUID(), events.slice(0, 1))).toBe("not_held");
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
