/** The little a store needs from a Postgres connection; PGlite and node-postgres both fit. */
export interface SqlDriver {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters) on one connection; rolls back on error. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
