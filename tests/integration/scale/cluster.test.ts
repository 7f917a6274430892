import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signApiToken } from "@/lib/auth/api-token";
import { SLOW_SCALE_HOST, setScaleSiteLatency } from "@/tests/fixtures/web/scale-sites";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { apiClient, followStream, spawnAppProcesses, type AppProcess, type ArrivedEvent } from "@/tests/support/app-cluster";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// Several containers on one Supabase, played by three real app processes (tests/support/app-process.ts:
// the app's route handlers over HTTP, the scan service, the engine with a real Chromium) on one real
// PostgreSQL. Scans go to the processes in turn; the table and the event log say who ran what and
// how often. The site answers slowly (www.slow-scale.example) so the scans wait more than they
// compute and three processes fit on two cores.

const SECRET = "scale-cluster-test-secret-0123456789abcdef";
/** The lease: a scan whose process has not heartbeaten for this long belongs to nobody. */
const STALE_SECONDS = 6;
let db: TestPostgres;
let web: TestWeb;
let sql: pg.Pool;
let apps: AppProcess[] = [];
let token: string;

interface ScanRow {
  id: string;
  status: string;
  worker_id: string | null;
  error: { code: string; message: string } | null;
  /** Issue 15's take-over columns (contract item 1); undefined before that migration. */
  attempt?: number;
  previous_worker_id?: string | null;
}
interface EventRow {
  seq: number;
  agent: string;
  level: string;
  msg: string;
}

const scanRow = async (id: string) => (await sql.query<ScanRow>("select * from scans where id = $1", [id])).rows[0];
const eventRows = async (id: string) => (await sql.query<EventRow>("select seq, agent, level, msg from scan_events where scan_id = $1 order by seq", [id])).rows;
const FINAL = ["complete", "error", "cancelled", "interrupted"];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${apps.map((a) => `--- ${a.workerId}\n${a.output().slice(-1500)}`).join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function submit(app: AppProcess, body: Record<string, unknown> = {}): Promise<string> {
  const res = await apiClient(app.url, token).post<{ scan_id: string }>("/api/scan", { url: `https://${SLOW_SCALE_HOST}/`, framework: "GDPR", crawl_depth: 1, max_pages: 1, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.scan_id;
}

const startedEvents = (events: Array<{ agent: string; msg: string }>) => events.filter((e) => e.agent === "system" && e.msg.startsWith("Scan started:"));

/** Ids strictly increasing (so unique) in the order the client received them. */
function expectStrictlyIncreasing(ids: number[]): void {
  for (let i = 1; i < ids.length; i++) expect(ids[i], `id ${ids[i]} after ${ids[i - 1]}`).toBeGreaterThan(ids[i - 1]!);
}

beforeAll(async () => {
  [db, web] = await Promise.all([startPostgres(), startTestWeb()]);
  setScaleSiteLatency(600);
  token = await signApiToken({ sub: "scale@apo.test", ttlSeconds: 3600, secret: SECRET });
  apps = await spawnAppProcesses(3, "scale", {
    databaseUrl: db.url,
    hostResolverRules: web.hostResolverRules,
    jwtSecret: SECRET,
    maxConcurrentScans: 2,
    staleSeconds: STALE_SECONDS,
    heartbeatMs: 1_000,
    pollMs: 250,
    env: { APO_SCAN_MAX_ATTEMPTS: "2" },
  });
  sql = new pg.Pool({ connectionString: db.url, max: 4 });
}, 240_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop(10_000)));
  await sql?.end();
  await web?.close();
  await db?.stop();
}, 60_000);

describe("three app processes on one Postgres", () => {
  it("runs each of 6 scans submitted across them exactly once, and streams one to DONE from a process that does not run it", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await submit(apps[i % apps.length]!));

    // The first scan, followed from a process other than the one that claimed it.
    const first = ids[0]!;
    const runner = await waitFor("the first scan to be claimed", async () => {
      const row = await scanRow(first);
      return row && row.status !== "queued" && row.worker_id;
    }, 60_000);
    const follower = apps.find((a) => a.workerId !== runner)!;
    const streamed = await followStream(follower.url, token, first, { signal: AbortSignal.timeout(180_000) });

    const rows = await waitFor("every scan to end", async () => {
      const all = await Promise.all(ids.map(scanRow));
      return all.every((r) => r && FINAL.includes(r.status)) && (all as ScanRow[]);
    }, 180_000);

    for (const row of rows) {
      expect(row.status, `${row.id}: ${JSON.stringify(row.error)}`).toBe("complete");
      if (row.attempt !== undefined) expect(row.attempt).toBe(1);
      const events = await eventRows(row.id);
      // Exactly once: one start, one DONE, and ids 1..n without a gap or a repeat.
      expect(startedEvents(events), events.map((e) => `${e.seq} ${e.agent} ${e.level} ${e.msg}`).join("\n")).toHaveLength(1);
      expect(events.filter((e) => e.level === "DONE")).toHaveLength(1);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    }
    // The work was spread: more than one process claimed scans.
    const workers = new Set(rows.map((r) => r.worker_id));
    expect(workers.size, [...workers].join(", ")).toBeGreaterThanOrEqual(2);
    for (const w of workers) expect(apps.map((a) => a.workerId)).toContain(w);

    // The follower saw every stored event of the first scan, in order, up to DONE.
    const stored = await eventRows(first);
    expect(follower.workerId).not.toBe(rows[0]!.worker_id);
    expect(streamed.map((e) => e.id)).toEqual(stored.map((e) => e.seq));
    expect(streamed.map((e) => e.msg)).toEqual(stored.map((e) => e.msg));
    expect(streamed.at(-1)?.level).toBe("DONE");
  }, 300_000);

  // Contract item 1 of issue 15 (take-over slice): a scan whose process dies is re-run once by
  // another process (attempt 2, "Resumed on <worker> after <worker> stopped"), its event ids
  // continuing from the stored maximum; on its last attempt, or pinned to the dead process by the
  // request's LLM keys, it ends error/interrupted with the reason instead.
  it("kill -9 of the process running a scan: another process finishes it as attempt 2 within the lease, with one continuous stream", async () => {
    setScaleSiteLatency(900);
    const id = await submit(apps[0]!);
    const runnerId = await waitFor("the scan to be claimed", async () => {
      const row = await scanRow(id);
      return row?.status === "running" && row.worker_id;
    }, 60_000);
    const victim = apps.find((a) => a.workerId === runnerId)!;
    const watcher = apps.find((a) => a.workerId !== runnerId)!;
    const seen: ArrivedEvent[] = [];
    const following = followStream(watcher.url, token, id, { signal: AbortSignal.timeout(240_000), onEvent: (e) => seen.push(e) });
    following.catch(() => undefined); // awaited below; a failure before that must not go unhandled

    // Mid-scan: the engine itself has spoken (not only the queue's events).
    await waitFor("the engine's first event", async () => {
      const row = await scanRow(id);
      if (row && FINAL.includes(row.status)) throw new Error(`the scan ended ${row.status} before it could be killed: ${JSON.stringify(row.error)}\n${(await eventRows(id)).map((e) => e.msg).join("\n")}`);
      return (await eventRows(id)).some((e) => e.agent !== "system");
    }, 120_000);
    const killedAt = Date.now();
    await victim.kill();
    apps = apps.filter((a) => a !== victim);

    // Within the lease plus a bound for the sweep and a claim, the scan has moved on.
    const moved = await waitFor("another process to take the scan over (or end it)", async () => {
      const row = await scanRow(id);
      return row && (FINAL.includes(row.status) || (row.status === "running" && row.worker_id !== runnerId)) && row;
    }, (STALE_SECONDS + 30) * 1000);
    expect(Date.now() - killedAt).toBeLessThan((STALE_SECONDS + 30) * 1000);
    expect(moved.attempt, "scans.attempt (take-over migration 20261206000100) is missing").toBe(2);

    const streamed = await following;
    const row = await waitFor("the scan to end", async () => {
      const r = await scanRow(id);
      return r && FINAL.includes(r.status) && r;
    }, 120_000);
    const stored = await eventRows(id);
    expect(row.status, JSON.stringify(row.error)).toBe("complete");
    expect(row.attempt).toBe(2);
    expect(row.previous_worker_id).toBe(runnerId);
    expect(row.worker_id).not.toBe(runnerId);
    const resumed = stored.filter((e) => e.agent === "system" && e.msg.startsWith("Resumed on"));
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.msg).toContain(`Resumed on ${row.worker_id} after ${runnerId} stopped`);
    expect(startedEvents(stored)).toHaveLength(2);

    // One continuous stream: strictly increasing ids, exactly the stored ones, ending in DONE.
    expectStrictlyIncreasing(stored.map((e) => e.seq));
    expectStrictlyIncreasing(streamed.map((e) => e.id));
    expect(streamed.map((e) => e.id)).toEqual(stored.map((e) => e.seq));
    expect(streamed.at(-1)?.level).toBe("DONE");
  }, 300_000);

  it("kill -9 of the process holding a pinned scan (the request's LLM keys): it ends interrupted, saying why, within the lease", async () => {
    const holder = apps[0]!;
    // A key makes the scan pinned to the process that received it; use_llm stays off, so no LLM is called.
    const id = await submit(holder, { claude_key: "placeholder-llm-key-scale-test" });
    await waitFor("the pinned scan to run on its process", async () => {
      const row = await scanRow(id);
      return row?.status === "running" && row.worker_id === holder.workerId && (await eventRows(id)).some((e) => e.agent !== "system");
    }, 120_000);
    const killedAt = Date.now();
    await holder.kill();
    apps = apps.filter((a) => a !== holder);

    const row = await waitFor("the pinned scan to end", async () => {
      const r = await scanRow(id);
      return r && FINAL.includes(r.status) && r;
    }, (STALE_SECONDS + 30) * 1000);
    expect(Date.now() - killedAt).toBeLessThan((STALE_SECONDS + 30) * 1000);
    expect(row.status).toBe("interrupted");
    expect(row.error?.code).toBe("pinned_worker_lost");
    expect(row.error?.message).toMatch(/keys/i);
    const stored = await eventRows(id);
    expectStrictlyIncreasing(stored.map((e) => e.seq));
    expect(startedEvents(stored)).toHaveLength(1);
    expect(stored.at(-1)?.level).toBe("DONE");
    // The key is in no event the scan left behind.
    expect(stored.map((e) => e.msg).join("\n")).not.toContain("placeholder-llm-key-scale-test");
  }, 300_000);
});
