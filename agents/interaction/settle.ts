/**
 * Settle windows that end when the page has gone quiet, not at a fixed time.
 *
 * A fixed sleep is either too long (a quiet page waits for nothing) or too short (a tag loaded by
 * an idle callback, a 3 s timer or a single-page-app route change fires after the window closed).
 * `QuietWindow` is the pure decision: fed request start/finish times, route changes and the
 * page's pending short timers, it says when the page has been quiet for `quietMs`. It never waits
 * past `maxMs`: a site that never goes quiet (beacons every second) costs exactly the maximum.
 * `networkidle` is no substitute: long-polling, event streams and WebSockets never let it fire
 * (FIELD.md pitfalls), so those are excluded from "in flight" here.
 */

export interface SettleOptions {
  /** The page counts as settled after this long with nothing in flight and nothing started. */
  quietMs: number;
  /** Never end before this, even on a page that is quiet from the start. */
  minMs: number;
  /** Never wait longer than this, whatever the page does. */
  maxMs: number;
  /**
   * A request still open after this long is treated as long-polling or a stream and no longer
   * holds the window open (its start still counted as activity).
   */
  longRequestMs: number;
}

export const DEFAULT_SETTLE: SettleOptions = { quietMs: 600, minMs: 300, maxMs: 5_000, longRequestMs: 2_000 };

/** Resource types that stay open by design and never count as "in flight". */
const NEVER_IN_FLIGHT = new Set(["eventsource", "websocket", "media", "manifest", "other"]);

export type SettleReason = "quiet" | "max" | "aborted";

export interface SettleDecision {
  done: boolean;
  reason?: SettleReason;
  /** When done is false: how long until the decision can change without new events. */
  waitMs: number;
}

/**
 * The pure core: what has happened on the page since the window opened at `startedAt`, and
 * whether it may close at `now`. All times are milliseconds on one clock (the caller's).
 */
export class QuietWindow {
  private readonly inFlight = new Map<string, number>();
  private lastActivity: number;
  /** The latest time a pending short timer or idle callback of the page is due (page probe). */
  private pageBusyUntil = 0;

  constructor(
    readonly startedAt: number,
    private readonly options: SettleOptions = DEFAULT_SETTLE,
  ) {
    this.lastActivity = startedAt;
  }

  get deadline(): number {
    return this.startedAt + this.options.maxMs;
  }

  requestStarted(id: string, at: number, resourceType = "fetch"): void {
    this.lastActivity = Math.max(this.lastActivity, at);
    if (!NEVER_IN_FLIGHT.has(resourceType)) this.inFlight.set(id, at);
  }

  requestEnded(id: string, at: number): void {
    if (this.inFlight.delete(id)) this.lastActivity = Math.max(this.lastActivity, at);
  }

  /** Something that usually precedes requests by a tick: a route change (pushState), a consent click. */
  activity(at: number): void {
    this.lastActivity = Math.max(this.lastActivity, at);
  }

  /** The page's own report: its pending short timers and idle callbacks are due by `until`. */
  pageBusy(until: number): void {
    this.pageBusyUntil = until;
  }

  /** Requests that hold the window open at `now` (the long-lived ones excluded). */
  openRequests(now: number): number {
    let open = 0;
    for (const started of this.inFlight.values()) if (now - started < this.options.longRequestMs) open++;
    return open;
  }

  decide(now: number): SettleDecision {
    const { quietMs, minMs, longRequestMs } = this.options;
    if (now >= this.deadline) return { done: true, reason: "max", waitMs: 0 };
    const earliest = this.startedAt + minMs;
    // A timer the page will fire after the deadline cannot be waited for anyway.
    const busyUntil = this.pageBusyUntil > now && this.pageBusyUntil <= this.deadline ? this.pageBusyUntil : 0;
    let quietAt = Math.max(earliest, this.lastActivity + quietMs, busyUntil ? busyUntil + quietMs : 0);
    let open = false;
    for (const started of this.inFlight.values()) {
      if (now - started < longRequestMs) {
        open = true;
        // Without news it stops holding the window when it becomes "long".
        quietAt = Math.max(quietAt, started + longRequestMs);
      }
    }
    if (!open && now >= quietAt) return { done: true, reason: "quiet", waitMs: 0 };
    return { done: false, waitMs: Math.max(1, Math.min(quietAt, this.deadline) - now) };
  }
}
