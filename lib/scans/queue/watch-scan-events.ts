import "server-only";
import type { StoredEvent } from "@/lib/store/types";
import type { ScanService } from "./service";

// Rows read per store query; a fuller page means more are waiting.
const READ_LIMIT = 1_000;

/**
 * The scan's log from afterId on, then live events, ending after DONE. Events of a scan running
 * in this process arrive from the hub at once. A scan running in another container is followed
 * through the event feed: a notification (or a reconnect) says the store has new rows, which are
 * read from scan_events; without LISTEN the store is polled (EventFeed.idleWaitMs). Subscribing
 * before reading the backlog means nothing emitted in between is lost; ids are contiguous per
 * scan, so a hub event past a gap (a scan taken over here after another container ran it) makes
 * the watcher read the missing rows first.
 */
export async function* watchScanEvents(service: ScanService, scanId: string, afterId: number, signal: AbortSignal): AsyncGenerator<StoredEvent> {
  const { hub, store, feed } = service;
  const inbox: StoredEvent[] = [];
  let wake: (() => void) | null = null;
  let last = afterId;
  // The highest id this watcher holds (yielded or queued): a notice at or below it is old news.
  let known = afterId;
  // The store may hold rows this watcher has not read.
  let stale = false;
  const unsubscribe = hub.subscribe(scanId, (e) => {
    inbox.push(e);
    known = Math.max(known, e.id);
    wake?.();
  });
  const unwatch = feed.watch(scanId, (seq) => {
    // While the scan runs here the hub shows every batch right after storing it, and the store's
    // notice of that insert often arrives first (PGlite's always does): reading on it would double
    // every batch's work. Rows another writer stored meanwhile still arrive through the gap check
    // below; once the channel closes (the run ended or was taken over) notices count again.
    if (hub.isOpen(scanId)) return;
    if (seq !== null && seq <= known) return;
    stale = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  const readStore = async (): Promise<StoredEvent[]> => {
    const rows = await store.listEvents(scanId, last, READ_LIMIT);
    if (rows.length === READ_LIMIT) stale = true;
    known = Math.max(known, rows.at(-1)?.id ?? 0);
    return rows;
  };
  try {
    const merged = new Map<number, StoredEvent>();
    for (const e of await readStore()) merged.set(e.id, e);
    for (const e of hub.buffered(scanId, last)) merged.set(e.id, e);
    const backlog = [...merged.values()].sort((a, b) => a.id - b.id);
    for (;;) {
      let batch: StoredEvent[];
      if (backlog.length > 0) batch = backlog.splice(0, backlog.length);
      else {
        batch = inbox.splice(0, inbox.length).sort((a, b) => a.id - b.id);
        const first = batch[0];
        if (first && first.id > last + 1) batch = [...(await readStore()).filter((e) => e.id < first.id), ...batch];
      }
      for (const e of batch) {
        if (e.id <= last) continue;
        last = e.id;
        yield e;
        if (e.level === "DONE") return;
      }
      if (signal.aborted) return;
      if (inbox.length > 0) continue;
      if (!stale) {
        const timedOut = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), feed.idleWaitMs());
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (signal.aborted) return;
        // Quiet for a while: re-read unless the scan runs here (then the hub has told us everything).
        if (timedOut && !hub.isOpen(scanId)) stale = true;
      }
      if (stale) {
        stale = false;
        backlog.push(...(await readStore()));
      }
    }
  } finally {
    unsubscribe();
    unwatch();
    signal.removeEventListener("abort", onAbort);
  }
}
