import { randomBytes } from "node:crypto";
import pg from "pg";
import { describeError, log } from "@/lib/log";
import type { ListenState } from "./sql-driver";

export interface PgListenerOptions {
  /** The first reconnect delay after a drop; it doubles per failed attempt up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * How long the session's own probe notification may take to come back. A connection that
   * accepts LISTEN but never delivers (a transaction-mode pooler) is treated as one that failed.
   */
  probeTimeoutMs?: number;
  /** A `select 1` on the session this often, so a half-open connection is noticed and replaced. */
  healthCheckMs?: number;
  /** The session's application_name in pg_stat_activity. */
  applicationName?: string;
}

interface Subscriber {
  onPayload(payload: string): void;
  onState?(state: ListenState): void;
}

const DEFAULTS: Required<PgListenerOptions> = { minBackoffMs: 200, maxBackoffMs: 30_000, probeTimeoutMs: 3_000, healthCheckMs: 15_000, applicationName: "apo-listen" };

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One dedicated Postgres session for LISTEN (a pool hands its connections round, so LISTEN on a
 * pooled client would be lost). Reconnects with backoff after a drop and tells subscribers, who
 * must then catch up from the tables: notifications sent while it was down are not replayed.
 */
export class PgListener {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly o: Required<PgListenerOptions>;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private listening = false;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    options: PgListenerOptions = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
  }

  isListening(): boolean {
    return this.listening;
  }

  async listen(channel: string, onPayload: (payload: string) => void, onState?: (state: ListenState) => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error("the LISTEN session is closed");
    const subscriber: Subscriber = { onPayload, onState };
    let set = this.subscribers.get(channel);
    const newChannel = !set;
    if (!set) this.subscribers.set(channel, (set = new Set()));
    set.add(subscriber);
    const client = this.client;
    if (client && this.listening) {
      if (newChannel) await client.query(`LISTEN ${quoteIdent(channel)}`).catch((err: unknown) => this.drop(client, err));
      if (this.listening) onState?.("listening");
    } else if (!this.retryTimer) {
      await this.connect();
    }
    return async () => {
      if (!set.delete(subscriber) || set.size > 0) return;
      this.subscribers.delete(channel);
      if (this.subscribers.size === 0) return this.disconnect();
      const c = this.client;
      if (c && this.listening) await c.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
    };
  }

  /** Ends the session for good (the driver closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    await this.disconnect();
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    if (this.closed || this.subscribers.size === 0 || this.client) return;
    // query_timeout bounds the health check: a session that stopped answering is replaced.
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: this.o.applicationName,
      keepAlive: true, keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    client.on("notification", (msg) => {
      if (this.client === client) this.dispatch(msg.channel, msg.payload ?? "");
    });
    client.on("error", (err) => this.drop(client, err));
    client.on("end", () => this.drop(client, new Error("the LISTEN connection ended")));
    this.client = client;
    try {
      await client.connect();
      // Subscribers may arrive while this runs: LISTEN until every channel is covered.
      const done = new Set<string>();
      const listenToAll = async () => {
        for (let next = this.nextChannel(done); next; next = this.nextChannel(done)) {
          await client.query(`LISTEN ${quoteIdent(next)}`);
          done.add(next);
        }
      };
      await listenToAll();
      await this.probe(client);
      await listenToAll();
    } catch (err) {
      this.drop(client, err);
      return;
    }
    if (this.client !== client) return;
    if (this.failures > 0) log.info("LISTEN session re-established", { after_attempts: this.failures });
    this.failures = 0;
    this.listening = true;
    this.healthTimer = setInterval(() => void client.query("select 1").catch((err: unknown) => this.drop(client, err)), this.o.healthCheckMs);
    this.healthTimer.unref();
    this.broadcast("listening");
  }

  private nextChannel(done: Set<string>): string | undefined {
    return [...this.subscribers.keys()].find((c) => !done.has(c));
  }

  /** Sends itself a notification on a private channel and waits for it to come back. */
  private async probe(client: pg.Client): Promise<void> {
    const channel = `apo_probe_${randomBytes(6).toString("hex")}`;
    await client.query(`LISTEN ${channel}`);
    let onNotification: (msg: pg.Notification) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no notification came back within ${this.o.probeTimeoutMs} ms: this connection cannot LISTEN (a transaction-mode pooler?)`)),
        this.o.probeTimeoutMs,
      );
      onNotification = (msg) => {
        if (msg.channel === channel) resolve();
      };
      client.on("notification", onNotification);
    });
    arrived.catch(() => undefined); // rejected while the NOTIFY below is still in flight: awaited just after
    try {
      await client.query("select pg_notify($1, 'probe')", [channel]);
      await arrived;
      await client.query(`UNLISTEN ${channel}`);
    } finally {
      clearTimeout(timer);
      client.off("notification", onNotification);
    }
  }

  private dispatch(channel: string, payload: string): void {
    for (const s of this.subscribers.get(channel) ?? []) {
      try {
        s.onPayload(payload);
      } catch (err) {
        log.error("a LISTEN subscriber failed", { channel, error: describeError(err) });
      }
    }
  }

  private broadcast(state: ListenState): void {
    for (const set of this.subscribers.values()) {
      for (const s of set) {
        try {
          s.onState?.(state);
        } catch (err) {
          log.error("a LISTEN subscriber failed", { error: describeError(err) });
        }
      }
    }
  }

  /** The session failed (while connecting or later): forget it, tell subscribers, retry later. */
  private drop(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    const wasListening = this.listening;
    this.listening = false;
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    void client.end().catch(() => undefined);
    if (this.closed || this.subscribers.size === 0) return;
    const delay = Math.round(Math.min(this.o.maxBackoffMs, this.o.minBackoffMs * 2 ** this.failures) * (0.75 + Math.random() * 0.5));
    this.failures += 1;
    // Say it once per outage, not once per retry (a pooler that cannot LISTEN fails every time).
    const fields = { error: describeError(err), retry_in_ms: delay, attempt: this.failures };
    if (wasListening || this.failures === 1) log.warn("LISTEN session lost: streams of scans running elsewhere poll until it is back", fields);
    else log.debug("LISTEN session still unavailable", fields);
    if (wasListening) this.broadcast("lost");
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.retryTimer = this.healthTimer = null;
    const client = this.client;
    this.client = null;
    this.listening = false;
    this.failures = 0;
    await client?.end().catch(() => undefined);
    await this.connecting;
  }
}
