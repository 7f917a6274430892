/** Whether a driver's LISTEN session is delivering notifications right now. */
export type ListenState = "listening" | "lost";

/** The little a store needs from a Postgres connection; PGlite and node-postgres both fit. */
export interface SqlDriver {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters) on one connection; rolls back on error. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel: onPayload gets each notification's payload. Resolves once the first
   * attempt has settled; onState says "listening" each time the session is (re)established and
   * "lost" when it drops. Notifications sent while lost are gone: on "listening" a subscriber
   * must catch up from the tables. Resolves to the unsubscribe function. Absent: no LISTEN.
   */
  listen?(channel: string, onPayload: (payload: string) => void, onState?: (state: ListenState) => void): Promise<() => Promise<void>>;
}
