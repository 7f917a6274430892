import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDriver } from "@/lib/store/pg-driver";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// The operations side of the store (lib/store/ops-store.ts) on both homes: the readiness ping,
// the queue figures the metrics read, and the maintenance lease's rules.

function opsContract(name: string, open: () => Promise<{ store: SqlStore; driver: SqlDriver }>) {
  describe(name, () => {
    let store: SqlStore;
    let driver: SqlDriver;
    beforeAll(async () => {
      ({ store, driver } = await open());
      await store.migrate();
    });
    afterAll(() => store?.close());

    it("pings, and counts queued and running scans cluster-wide and per worker", async () => {
      await store.ops.ping(2_000);
      const make = async (status: string, worker: string | null) => {
        const id = randomUUID();
        await store.createScan({ id, owner: "ops", url: "https://a.example/", framework: "GDPR", request: {}, workerId: null, pinned: false });
        await driver.query("update scans set status = $2, worker_id = $3 where id = $1", [id, status, worker]);
      };
      await make("queued", null);
      await make("queued", null);
      await make("queued", null);
      await make("running", "w-here");
      await make("running", "w-there");
      await make("complete", "w-here");
      expect(await store.ops.liveScanCounts("w-here")).toEqual({ queued: 3, running: 2, runningHere: 1 });
      expect(await store.ops.liveScanCounts("w-nobody")).toEqual({ queued: 3, running: 2, runningHere: 0 });
    });

    it("lease: one holder at a time, not again before the interval, renewable only by its holder, free again once released or expired", async () => {
      const job = `job-${randomUUID()}`;
      expect(await store.ops.claimLease(job, "a", 60, 3_600)).toBe(true);
      expect(await store.ops.claimLease(job, "b", 60, 3_600)).toBe(false);
      expect(await store.ops.renewLease(job, "b", 60)).toBe(false);
      expect(await store.ops.renewLease(job, "a", 60)).toBe(true);
      await store.ops.releaseLease(job, "a", { done: 1 });
      expect(await store.ops.claimLease(job, "b", 60, 3_600)).toBe(false); // released, but not due for an hour
      await store.ops.releaseLease(job, "a", { done: 2 }, true); // work left: due at once
      expect(await store.ops.claimLease(job, "b", 60, 0)).toBe(true);
      // b dies holding it: once its lease has expired, a may take the job (and b cannot renew).
      await driver.query("update maintenance_leases set lease_until = now() - interval '1 second' where name = $1", [job]);
      expect(await store.ops.renewLease(job, "b", 60)).toBe(false);
      expect(await store.ops.claimLease(job, "a", 60, 0)).toBe(true);
      const [row] = await driver.query<{ holder: string; last_result: unknown }>("select holder, last_result from maintenance_leases where name = $1", [job]);
      expect(row).toEqual({ holder: "a", last_result: { done: 2 } });
    });
  });
}

opsContract("embedded PGlite", async () => {
  const driver = await openPgliteDriver(undefined);
  return { driver, store: new SqlStore(driver, "embedded") };
});

let pg: TestPostgres;
afterAll(() => pg?.stop());
opsContract("real PostgreSQL 15", async () => {
  pg = await startPostgres();
  const driver = openPgDriver(pg.url);
  return { driver, store: new SqlStore(driver, "postgres") };
});
