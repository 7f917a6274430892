import type { EmittedEvent } from "@/lib/schemas/agent-event";
import type { Store, StoredEvent } from "@/lib/store/types";
import { log, describeError } from "@/lib/log";

type Listener = (event: StoredEvent) => void;

interface Channel {
  nextId: number;
  /** Every event emitted in this process for the scan, persisted or not: the replay source. */
  buffer: StoredEvent[];
  pending: StoredEvent[];
  flushing: Promise<void>;
  closed: boolean;
}

// How long a finished scan's buffer stays in memory for late watchers before the store serves them.
const LINGER_MS = 30_000;

/**
 * Live fan-out of scan events inside one process. Emitting is synchronous (ids are assigned and
 * watchers notified at once, so SSE latency is not tied to the database); persistence follows
 * in order, batched. Other containers see the events through the store.
 */
export class EventHub {
  private readonly channels = new Map<string, Channel>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly store: Store) {}

  /** Starts local emission for a scan whose stored log ends at lastId. */
  open(scanId: string, lastId: number): void {
    this.channels.set(scanId, { nextId: lastId + 1, buffer: [], pending: [], flushing: Promise.resolve(), closed: false });
  }

  isOpen(scanId: string): boolean {
    const ch = this.channels.get(scanId);
    return ch !== undefined && !ch.closed;
  }

  emit(scanId: string, event: EmittedEvent): StoredEvent {
    const ch = this.channels.get(scanId);
    if (!ch || ch.closed) throw new Error(`no open event channel for scan ${scanId}`);
    const stored: StoredEvent = { ...event, id: ch.nextId++, timestamp: event.timestamp ?? new Date().toISOString() };
    ch.buffer.push(stored);
    ch.pending.push(stored);
    this.notify(scanId, stored);
    this.scheduleFlush(scanId, ch);
    return stored;
  }

  /** Events for a scan not running here (queued, cancelled, interrupted): persisted before fan-out. */
  async append(scanId: string, events: EmittedEvent[]): Promise<StoredEvent[]> {
    if (this.isOpen(scanId)) {
      const out = events.map((e) => this.emit(scanId, e));
      await this.flush(scanId);
      return out;
    }
    let id = await this.store.lastEventId(scanId);
    const stored = events.map((e) => ({ ...e, id: ++id, timestamp: e.timestamp ?? new Date().toISOString() }));
    await this.store.appendEvents(scanId, stored);
    for (const e of stored) this.notify(scanId, e);
    return stored;
  }

  /** Stops emission; the buffer lingers so late watchers still replay from memory. */
  async close(scanId: string): Promise<void> {
    const ch = this.channels.get(scanId);
    if (!ch) return;
    await this.flush(scanId);
    ch.closed = true;
    setTimeout(() => {
      if (this.channels.get(scanId) === ch) this.channels.delete(scanId);
    }, LINGER_MS).unref();
  }

  async flush(scanId: string): Promise<void> {
    const ch = this.channels.get(scanId);
    if (!ch) return;
    while (ch.pending.length > 0) {
      this.scheduleFlush(scanId, ch);
      await ch.flushing;
    }
    await ch.flushing;
  }

  buffered(scanId: string, afterId: number): StoredEvent[] {
    return (this.channels.get(scanId)?.buffer ?? []).filter((e) => e.id > afterId);
  }

  subscribe(scanId: string, listener: Listener): () => void {
    let set = this.listeners.get(scanId);
    if (!set) this.listeners.set(scanId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(scanId);
    };
  }

  private notify(scanId: string, event: StoredEvent): void {
    for (const listener of this.listeners.get(scanId) ?? []) listener(event);
  }

  private scheduleFlush(scanId: string, ch: Channel): void {
    ch.flushing = ch.flushing.then(async () => {
      const batch = ch.pending.splice(0, ch.pending.length);
      if (batch.length === 0) return;
      try {
        await this.store.appendEvents(scanId, batch);
      } catch (err) {
        // Keep the in-memory log authoritative; the next flush retries these.
        ch.pending.unshift(...batch);
        log.error("persisting scan events failed", { scan_id: scanId, error: describeError(err) });
        await new Promise((r) => setTimeout(r, 500));
      }
    });
  }
}
