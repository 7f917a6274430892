import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations, runMigrations, SchemaVersionError } from "@/lib/store/migrations";
import { openPgDriver } from "@/lib/store/pg-driver";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { startPostgres, type TestPostgres } from "@/tests/support/postgres";

// The schema version check at start, on both homes: a database a newer release migrated refuses
// this one; with APO_AUTO_MIGRATE=false a database that lacks migrations refuses, naming them;
// migrations applied by the Supabase CLI (its own ledger) count as applied.

const all = readMigrations();
const older = all.slice(0, 2);
const newerName = "20991231000000_from_a_newer_release.sql";

async function refusal(p: Promise<unknown>): Promise<SchemaVersionError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SchemaVersionError);
  return err as SchemaVersionError;
}

const appliedNames = async (db: SqlDriver) => (await db.query<{ name: string }>("select name from apo_migrations order by name")).map((r) => r.name);

function schemaChecks(name: string, freshDatabase: () => Promise<SqlDriver>) {
  describe(name, () => {
    it("older schema with APO_AUTO_MIGRATE=false: refuses, naming exactly the missing migrations; with it on, applies them", async () => {
      const db = await freshDatabase();
      try {
        await runMigrations(db, { migrations: older });
        const err = await refusal(runMigrations(db, { autoMigrate: false }));
        const missing = all.slice(2).map((m) => m.name);
        expect(missing.length).toBeGreaterThan(0);
        expect(err.missing).toEqual(missing);
        expect(err.unknown).toEqual([]);
        for (const m of missing) expect(err.message).toContain(m);
        expect(err.message).toContain("APO_AUTO_MIGRATE");
        expect(await appliedNames(db)).toEqual(older.map((m) => m.name));
        await runMigrations(db);
        expect(await appliedNames(db)).toEqual(all.map((m) => m.name));
        await runMigrations(db, { autoMigrate: false }); // up to date: starts
      } finally {
        await db.close();
      }
    });

    it("newer schema: refuses to start naming the unknown migration, and applies nothing", async () => {
      const db = await freshDatabase();
      try {
        await runMigrations(db, { migrations: older });
        await db.query("insert into apo_migrations (name) values ($1)", [newerName]);
        const err = await refusal(runMigrations(db));
        expect(err.unknown).toEqual([newerName]);
        expect(err.message).toContain(newerName);
        expect(err.message).toMatch(/newer than this APO release/);
        expect(await appliedNames(db)).toEqual([...older.map((m) => m.name), newerName]);
      } finally {
        await db.close();
      }
    });

    it("a schema pushed with the Supabase CLI (its ledger, not ours) counts as applied; a version it does not know refuses", async () => {
      const db = await freshDatabase();
      try {
        await db.exec("create schema supabase_migrations; create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text)");
        for (const m of all) {
          await db.exec(m.sql);
          const [version, ...rest] = m.name.replace(/\.sql$/, "").split("_");
          await db.query("insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)", [version, rest.join("_")]);
        }
        await runMigrations(db, { autoMigrate: false });
        const ours = await db.query<{ t: string | null }>("select to_regclass('apo_migrations')::text as t");
        expect(ours[0]?.t).toBeNull(); // checked only: nothing applied, no ledger of ours created
        await db.query("insert into supabase_migrations.schema_migrations (version, name) values ('20991231000000', 'from_a_newer_release')");
        const err = await refusal(runMigrations(db, { autoMigrate: false }));
        expect(err.unknown).toEqual(["20991231000000 (Supabase CLI)"]);
      } finally {
        await db.close();
      }
    });
  });
}

schemaChecks("embedded PGlite", () => openPgliteDriver(undefined));

let pg: TestPostgres;
let admin: SqlDriver;
let databases = 0;
beforeAll(async () => {
  pg = await startPostgres();
  admin = openPgDriver(pg.url, 1);
});
afterAll(async () => {
  await admin?.close();
  await pg?.stop();
});

schemaChecks("real PostgreSQL 15", async () => {
  const name = `schema_${++databases}`;
  await admin.query(`create database ${name}`);
  return openPgDriver(pg.url.replace(/\/postgres$/, `/${name}`));
});
