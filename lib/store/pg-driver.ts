import pg from "pg";
import { PgListener, type PgListenerOptions } from "./pg-listener";
import type { SqlDriver } from "./sql-driver";

export interface PgDriverOptions {
  /**
   * Where the LISTEN session connects (DATABASE_LISTEN_URL): a direct or session-mode connection,
   * since a transaction-mode pooler cannot hold a LISTEN. Default: the pool's connection string.
   */
  listenUrl?: string;
  listener?: PgListenerOptions;
}

/** node-postgres pool for a shared Postgres (Supabase gives DATABASE_URL), plus one LISTEN session opened on first use. */
export function openPgDriver(connectionString: string, max = 10, options: PgDriverOptions = {}): SqlDriver {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => undefined);
  const listener = new PgListener(options.listenUrl ?? connectionString, options.listener);
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      // Unnamed statements only (no `name:`): Parse/Bind/Execute/Sync go out together, which a
      // transaction-mode pooler accepts (see docs/deploy.md, "Connection strings").
      const result = await pool.query(sql, params);
      return result.rows as T[];
    },
    async exec(sql: string) {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (err) {
        await client.query("rollback").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload, onState) => listener.listen(channel, onPayload, onState),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
