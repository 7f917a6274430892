import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SqlDriver } from "./sql-driver";

/** Embedded Postgres (WASM) persisted in a folder: one process owns it at a time. */
export async function openPgliteDriver(dataDir: string | undefined): Promise<SqlDriver> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      try {
        await db.exec(sql);
      } catch (err) {
        await db.exec("rollback").catch(() => undefined);
        throw err;
      }
    },
    // PGlite's own LISTEN: the database lives in this process, so the session never drops.
    async listen(channel, onPayload, onState) {
      const unlisten = await db.listen(channel, onPayload);
      onState?.("listening");
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    close: () => db.close(),
  };
}
