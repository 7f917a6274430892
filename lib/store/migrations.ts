import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SqlDriver } from "./sql-driver";

// The SQL lives in supabase/migrations so Supabase's CLI and this app apply the same files.
// next.config.ts traces the folder into the standalone build (cwd there is .next/standalone).
function migrationsDir(): string {
  const candidates = [join(process.cwd(), "supabase", "migrations"), join(process.cwd(), "..", "..", "supabase", "migrations")];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`SQL migrations not found (looked in ${candidates.join(", ")})`);
  return found;
}

export function readMigrations(): { name: string; sql: string }[] {
  const dir = migrationsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

/** Applies each file once, in order, each in its own transaction under an advisory lock. */
export async function runMigrations(db: SqlDriver): Promise<void> {
  await db.exec("create table if not exists apo_migrations (name text primary key, applied_at timestamptz not null default now())");
  for (const { name, sql } of readMigrations()) {
    const done = await db.query<{ name: string }>("select name from apo_migrations where name = $1", [name]);
    if (done.length > 0) continue;
    const quoted = name.replace(/'/g, "''");
    // Two containers starting together: the lock serialises them and the re-check skips the loser.
    await db.exec(
      `begin;
       select pg_advisory_xact_lock(727001);
       do $$ begin if exists (select 1 from apo_migrations where name = '${quoted}') then raise exception 'apo:already-applied'; end if; end $$;
       ${sql}
       insert into apo_migrations (name) values ('${quoted}');
       commit;`,
    ).catch((err: unknown) => {
      if (!(err instanceof Error && err.message.includes("apo:already-applied"))) throw err;
    });
  }
}
