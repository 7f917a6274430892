import "server-only";
import type { StoredEvent } from "@/lib/store/types";
import type { ScanService } from "./service";

const POLL_MS = 1_000;

/**
 * The scan's log from afterId on, then live events, ending after DONE. Local events arrive by
 * direct notification; a scan running in another container is followed by polling the store.
 * Subscribing before reading the backlog means nothing emitted in between is lost.
 */
export async function* watchScanEvents(service: ScanService, scanId: string, afterId: number, signal: AbortSignal): AsyncGenerator<StoredEvent> {
  const { hub, store } = service;
  const inbox: StoredEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = hub.subscribe(scanId, (e) => {
    inbox.push(e);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  let last = afterId;
  try {
    const merged = new Map<number, StoredEvent>();
    for (const e of await store.listEvents(scanId, last)) merged.set(e.id, e);
    for (const e of hub.buffered(scanId, last)) merged.set(e.id, e);
    const backlog = [...merged.values()].sort((a, b) => a.id - b.id);
    for (;;) {
      const batch = backlog.length > 0 ? backlog.splice(0, backlog.length) : inbox.splice(0, inbox.length).sort((a, b) => a.id - b.id);
      for (const e of batch) {
        if (e.id <= last) continue;
        last = e.id;
        yield e;
        if (e.level === "DONE") return;
      }
      if (signal.aborted) return;
      if (inbox.length > 0) continue;
      const polled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      wake = null;
      if (signal.aborted) return;
      // Nothing local for a second: the scan may be running elsewhere (or events were persisted by another writer).
      if (polled && !hub.isOpen(scanId)) backlog.push(...(await store.listEvents(scanId, last)));
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
}
