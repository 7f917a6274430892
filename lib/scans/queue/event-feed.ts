import { describeError, log } from "@/lib/log";
import type { ListenState } from "@/lib/store/sql-driver";
import type { Store } from "@/lib/store/types";
import { parseEventNotice, SCAN_EVENTS_CHANNEL } from "./event-notice";

/** Called when the store may hold new rows of a scan: up to seq, or null for "anything: catch up". */
export type FeedWake = (seq: number | null) => void;

export interface EventFeedOptions {
  /** The store's LISTEN (absent: this store cannot). */
  listen?: Store["listen"];
  /** false: do not LISTEN at all (APO_STREAM_LISTEN=false, for a transaction-mode pooler). */
  enabled: boolean;
  /** How often a watcher re-reads the store while LISTEN is unavailable (APO_STREAM_POLL_MS). */
  pollMs: number;
  /** While listening: a slow re-read all the same, in case a notification went missing. */
  safetyMs: number;
}

export type FeedMode = "listening" | "polling";

/**
 * One LISTEN per process for every stream it serves: notifications of new scan_events rows are
 * dispatched by scan id to the watchers of that scan (watch-scan-events.ts), who then read the
 * rows. Without a live LISTEN, watchers fall back to polling at pollMs.
 */
export class EventFeed {
  private readonly watchers = new Map<string, Set<FeedWake>>();
  private state: ListenState | "off" = "off";
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(private readonly o: EventFeedOptions) {}

  async start(): Promise<void> {
    if (!this.o.enabled || !this.o.listen) {
      log.info("scan streams poll the store (no LISTEN)", { reason: this.o.enabled ? "the store has no LISTEN" : "APO_STREAM_LISTEN=false", poll_ms: this.o.pollMs });
      return;
    }
    try {
      const unlisten = await this.o.listen(SCAN_EVENTS_CHANNEL, (payload) => this.dispatch(payload), (state) => this.setState(state));
      if (this.stopped) await unlisten();
      else this.unlisten = unlisten;
    } catch (err) {
      log.warn("LISTEN failed: scan streams poll the store", { error: describeError(err), poll_ms: this.o.pollMs });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.setState("off");
    await unlisten?.();
  }

  mode(): FeedMode {
    return this.state === "listening" ? "listening" : "polling";
  }

  /** How long a watcher may wait without news before reading the store on its own. */
  idleWaitMs(): number {
    return this.state === "listening" ? this.o.safetyMs : this.o.pollMs;
  }

  watch(scanId: string, wake: FeedWake): () => void {
    const key = scanId.toLowerCase();
    let set = this.watchers.get(key);
    if (!set) this.watchers.set(key, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.watchers.get(key) === set) this.watchers.delete(key);
    };
  }

  /** A notification's payload: wakes the scan's watchers; other payloads are ignored. */
  dispatch(payload: string): void {
    const notice = parseEventNotice(payload);
    if (!notice) return;
    for (const wake of this.watchers.get(notice.scanId) ?? []) wake(notice.seq);
  }

  /**
   * Every change wakes every watcher: after a reconnect they read what the gap hid, after a drop
   * they switch to polling now rather than at the end of a long listening wait.
   */
  private setState(state: ListenState | "off"): void {
    if (state === this.state) return;
    this.state = state;
    for (const set of this.watchers.values()) for (const wake of set) wake(null);
  }
}
