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

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(): Migration[] {
  const dir = migrationsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

/** The schema is newer than this release (unknown migrations) or older and may not be migrated here. */
export class SchemaVersionError extends Error {
  constructor(
    message: string,
    readonly unknown: string[],
    readonly missing: string[],
  ) {
    super(message);
    this.name = "SchemaVersionError";
  }
}

export interface MigrateOptions {
  /** APO_AUTO_MIGRATE: apply missing migrations (default); false refuses to start while any is missing. */
  autoMigrate?: boolean;
  /** Tests: the migration files this "release" knows (default: supabase/migrations). */
  migrations?: Migration[];
}

/** Supabase's CLI records a file as its version: the digits before the first underscore. */
const versionOf = (name: string): string => name.split("_")[0] ?? name;

/**
 * What the database has applied, from the app's ledger (apo_migrations, names) and from Supabase
 * CLI's (supabase_migrations.schema_migrations, versions), so a team that runs `supabase db push`
 * with APO_AUTO_MIGRATE=false is not told its migrations are missing.
 */
async function appliedMigrations(db: SqlDriver): Promise<{ names: Set<string>; cliVersions: Set<string> }> {
  const [ledgers] = await db.query<{ apo: string | null; cli: string | null }>(
    "select to_regclass('apo_migrations')::text as apo, to_regclass('supabase_migrations.schema_migrations')::text as cli",
  );
  const names = ledgers?.apo ? (await db.query<{ name: string }>("select name from apo_migrations")).map((r) => r.name) : [];
  const cliVersions = ledgers?.cli ? (await db.query<{ version: string }>("select version::text as version from supabase_migrations.schema_migrations")).map((r) => r.version) : [];
  return { names: new Set(names), cliVersions: new Set(cliVersions) };
}

/** Pure: which applied migrations this release does not know, and which of its own are not applied. */
export function compareSchema(known: string[], applied: { names: Set<string>; cliVersions: Set<string> }): { unknown: string[]; missing: string[] } {
  const knownNames = new Set(known);
  const knownVersions = new Set(known.map(versionOf));
  const unknown = [
    ...[...applied.names].filter((n) => !knownNames.has(n)),
    ...[...applied.cliVersions].filter((v) => !knownVersions.has(v)).map((v) => `${v} (Supabase CLI)`),
  ].sort();
  const missing = known.filter((n) => !applied.names.has(n) && !applied.cliVersions.has(versionOf(n)));
  return { unknown, missing };
}

/**
 * Checks the schema's version, then applies each missing file once, in order, each in its own
 * transaction under an advisory lock. A database migrated by a newer release refuses to start:
 * this release's code would run against tables it does not know. With autoMigrate false a
 * database that lacks migrations refuses too, naming them.
 */
export async function runMigrations(db: SqlDriver, options: MigrateOptions = {}): Promise<void> {
  const files = options.migrations ?? readMigrations();
  const { unknown, missing } = compareSchema(files.map((f) => f.name), await appliedMigrations(db));
  if (unknown.length > 0) {
    throw new SchemaVersionError(
      `The database schema is newer than this APO release: it has migration${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} that this release does not know ` +
        `(it knows ${files.length}, the newest ${files.at(-1)?.name ?? "none"}). Deploy the release that applied ${unknown.length === 1 ? "it" : "them"} (or a newer one); an older release must not run against it.`,
      unknown,
      [],
    );
  }
  if (missing.length === 0) return;
  if (options.autoMigrate === false) {
    throw new SchemaVersionError(
      `The database schema is older than this APO release: missing migration${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (from supabase/migrations). ` +
        "APO_AUTO_MIGRATE=false, so they are not applied here: apply them (e.g. `supabase db push`) and start again, or set APO_AUTO_MIGRATE=true.",
      [],
      missing,
    );
  }
  await db.exec("create table if not exists apo_migrations (name text primary key, applied_at timestamptz not null default now())");
  for (const { name, sql } of files.filter((f) => missing.includes(f.name))) {
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
