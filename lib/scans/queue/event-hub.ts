import type { EmittedEvent } from "@/lib/schemas/agent-event";
import type { AppendResult, ScanHolder, Store, StoredEvent } from "@/lib/store/types";
import { log, describeError } from "@/lib/log";

type Listener = (event: StoredEvent) => void;

export interface ChannelOptions {
  /** The claim this process runs the scan under: events are stored only while it holds. */
  holder?: ScanHolder;
  /** Called once when the store refuses the holder's events (another worker took the scan over). */
  onLost?: () => void;
}

interface Channel extends ChannelOptions {
  nextId: number;
  /** The events stored so far, in order: what late watchers replay from memory. */
  buffer: StoredEvent[];
  /** Emitted, not stored yet: no watcher has seen them. */
  pending: StoredEvent[];
  /** The writer working through `pending`, while there is one. */
  writing: Promise<void> | null;
  closed: boolean;
  /** The scan was taken over: nothing more is stored or shown from here. */
  lost: boolean;
}

// How long a finished scan's buffer stays in memory for late watchers before the store serves them.
const LINGER_MS = 30_000;
// One insert's worth (8 parameters an event, well under Postgres's 65535).
const MAX_BATCH = 500;
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

/**
 * Live fan-out of scan events inside one process. emit() is synchronous (it assigns the id and
 * returns); watchers are notified once the event is stored, in order, so every id any client has
 * seen is in scan_events and a container taking the scan over continues after the stored maximum:
 * one stream per scan, ids strictly increasing across attempts. Writes are batched without
 * waiting: an event emitted while a write is in flight goes in the next one, right after it.
 * Other containers see the events through the store.
 */
export class EventHub {
  private readonly channels = new Map<string, Channel>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly store: Store) {}

  /** Starts local emission for a scan whose stored log ends at lastId. */
  open(scanId: string, lastId: number, options: ChannelOptions = {}): void {
    this.channels.set(scanId, { ...options, nextId: lastId + 1, buffer: [], pending: [], writing: null, closed: false, lost: false });
  }

  isOpen(scanId: string): boolean {
    const ch = this.channels.get(scanId);
    return ch !== undefined && !ch.closed;
  }

  /** The returned event is final once stored: its id may still move up if another writer took it first (see renumber). */
  emit(scanId: string, event: EmittedEvent): StoredEvent {
    const ch = this.channels.get(scanId);
    if (!ch || ch.closed) throw new Error(`no open event channel for scan ${scanId}`);
    const stored: StoredEvent = { ...event, id: ch.nextId++, timestamp: event.timestamp ?? new Date().toISOString() };
    if (ch.lost) return stored;
    ch.pending.push(stored);
    void this.write(scanId, ch);
    return stored;
  }

  /** Events for a scan, stored before fan-out (on the open channel if it runs here). */
  async append(scanId: string, events: EmittedEvent[]): Promise<StoredEvent[]> {
    if (this.isOpen(scanId)) {
      const out = events.map((e) => this.emit(scanId, e));
      await this.flush(scanId);
      return out;
    }
    const stored = events.map((e) => ({ ...e, id: 0, timestamp: e.timestamp ?? new Date().toISOString() }));
    // A worker may claim the scan meanwhile and write under the same ids: number after the stored maximum until none is taken.
    for (let tries = 1; ; tries++) {
      let id = await this.store.lastEventId(scanId);
      for (const e of stored) e.id = ++id;
      const result = await this.store.appendEvents(scanId, stored);
      if (result === "stored") break;
      if (result === "not_held") return [];
      if (tries >= 10) throw new Error(`could not store events for scan ${scanId}: their ids kept being taken`);
    }
    for (const e of stored) this.notify(scanId, e);
    return stored;
  }

  /** Stops emission once everything emitted is stored; the buffer lingers so late watchers still replay from memory. */
  async close(scanId: string): Promise<void> {
    const ch = this.channels.get(scanId);
    if (!ch) return;
    await this.flush(scanId);
    ch.closed = true;
    this.forgetLater(scanId, ch);
  }

  /**
   * The scan was taken over by another worker: drop what was not stored and close without an
   * ending. Watchers here then follow the scan through the store, where the new attempt writes.
   */
  async abandon(scanId: string): Promise<void> {
    const ch = this.channels.get(scanId);
    if (!ch) return;
    ch.lost = true;
    ch.pending = [];
    await ch.writing;
    ch.closed = true;
    this.forgetLater(scanId, ch);
  }

  /** Resolves once every event emitted so far is stored (or the scan was taken over). */
  async flush(scanId: string): Promise<void> {
    const ch = this.channels.get(scanId);
    if (!ch) return;
    while (ch.pending.length > 0 && !ch.lost) await this.write(scanId, ch);
    await ch.writing;
  }

  /** Stored events after afterId that this process emitted (never one that is not stored yet). */
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

  private forgetLater(scanId: string, ch: Channel): void {
    setTimeout(() => {
      if (this.channels.get(scanId) === ch) this.channels.delete(scanId);
    }, LINGER_MS).unref();
  }

  /** The channel's one writer: started by the first pending event, running until none is left. */
  private write(scanId: string, ch: Channel): Promise<void> {
    ch.writing ??= this.drain(scanId, ch);
    return ch.writing;
  }

  private async drain(scanId: string, ch: Channel): Promise<void> {
    // A microtask, not a timer: events emitted in the same turn share the first write.
    await null;
    let failures = 0;
    try {
      while (ch.pending.length > 0 && !ch.lost) {
        const batch = ch.pending.slice(0, MAX_BATCH);
        let result: AppendResult;
        try {
          result = await this.store.appendEvents(scanId, batch, ch.holder);
        } catch (err) {
          // Nothing is shown before it is stored: the same batch (in order, ahead of newer events) is retried.
          log.error("persisting scan events failed", { scan_id: scanId, error: describeError(err), retry: failures + 1 });
          await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]));
          continue;
        }
        failures = 0;
        if (result === "id_taken") {
          // Another writer (the "queued" line of the scan's creator, racing this claim) used these
          // ids. Nothing here has been shown yet, so the pending events move after the stored maximum.
          this.renumber(ch, await this.store.lastEventId(scanId));
          continue;
        }
        if (result === "not_held") {
          ch.lost = true;
          ch.pending = [];
          log.warn("scan taken over by another worker: its events here are no longer stored", { scan_id: scanId, worker_id: ch.holder?.workerId, attempt: ch.holder?.attempt });
          ch.onLost?.();
          return;
        }
        ch.pending.splice(0, batch.length);
        for (const e of batch) {
          ch.buffer.push(e);
          this.notify(scanId, e);
        }
      }
    } finally {
      // Synchronous with the loop's last check: an emit after this starts a new writer.
      ch.writing = null;
    }
  }

  /** Gives the pending events (the same objects emit returned) ids after `lastId`, in order. */
  private renumber(ch: Channel, lastId: number): void {
    let id = Math.max(lastId, ch.buffer.at(-1)?.id ?? 0);
    for (const e of ch.pending) e.id = ++id;
    ch.nextId = id + 1;
  }
}
