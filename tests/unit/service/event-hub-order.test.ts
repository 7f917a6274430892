import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventHub } from "@/lib/scans/queue/event-hub";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import type { SqlDriver } from "@/lib/store/sql-driver";
import { SqlStore } from "@/lib/store/sql-store";
import type { AppendResult, ScanHolder, StoredEvent } from "@/lib/store/types";

// The hub stores each event before any watcher sees it (so every id a client has seen is in
// scan_events, and a take-over continues after the stored maximum), batches what is emitted
// while a write is in flight, and never shows a later event before an earlier one. A real
// embedded store underneath; the test only holds back or fails some of its writes.

const dir = mkdtempSync(join(tmpdir(), "apo-hub-order-"));
let driver: SqlDriver;
let real: SqlStore;

/** The real store, with appendEvents calls recorded and, on demand, held back or failed. */
class FaultyStore extends SqlStore {
  calls: number[][] = [];
  failNext = 0;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((r) => (this.openGate = r));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  override async appendEvents(scanId: string, events: StoredEvent[], holder?: ScanHolder): Promise<AppendResult> {
    this.calls.push(events.map((e) => e.id));
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("connection terminated unexpectedly");
    }
    return super.appendEvents(scanId, events, holder);
  }
}

let store: FaultyStore;

beforeAll(async () => {
  driver = await openPgliteDriver(join(dir, "db"));
  real = new SqlStore(driver, "embedded");
  await real.migrate();
  store = new FaultyStore(driver, "embedded");
  // PGlite's first initdb takes seconds, more on a busy machine.
}, 120_000);

afterAll(async () => {
  await real.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newScan(): Promise<string> {
  const id = randomUUID();
  await real.createScan({ id, owner: "hub", url: "https://example.com/", framework: "GDPR", request: {}, workerId: null, pinned: false });
  return id;
}

function watch(hub: EventHub, scanId: string) {
  const seen: Array<{ id: number }> = [];
  hub.subscribe(scanId, (e) => seen.push({ id: e.id }));
  return { seen };
}

const info = (msg: string) => ({ agent: "system" as const, level: "INFO" as const, msg });
const storedIds = async (scanId: string) => (await real.listEvents(scanId, 0)).map((e) => e.id);

describe("the event hub", () => {
  it("notifies watchers only after an event is stored, in order, batching what was emitted meanwhile", async () => {
    const scanId = await newScan();
    const hub = new EventHub(store);
    hub.open(scanId, 0);
    const { seen } = watch(hub, scanId);
    store.calls = [];
    store.hold();
    expect(hub.emit(scanId, info("one")).id).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    // The write is in flight: nothing shown, nothing replayable from memory either.
    expect(hub.emit(scanId, info("two")).id).toBe(2);
    expect(hub.emit(scanId, info("three")).id).toBe(3);
    expect(seen).toEqual([]);
    expect(hub.buffered(scanId, 0)).toEqual([]);
    expect(await storedIds(scanId)).toEqual([]);
    store.release();
    await hub.flush(scanId);
    expect(seen.map((s) => s.id)).toEqual([1, 2, 3]);
    // One write for the first event, one for the two emitted while it was in flight: no timer in between.
    expect(store.calls).toEqual([[1], [2, 3]]);
    expect(await storedIds(scanId)).toEqual([1, 2, 3]);
    expect(hub.buffered(scanId, 1).map((e) => e.id)).toEqual([2, 3]);
  });

  it("shows each event only once it can be read back from the store", async () => {
    const scanId = await newScan();
    const hub = new EventHub(store);
    hub.open(scanId, 0);
    const readBack: Array<{ id: number; inStore: boolean }> = [];
    const checks: Promise<void>[] = [];
    hub.subscribe(scanId, (e) => {
      checks.push(storedIds(scanId).then((ids) => void readBack.push({ id: e.id, inStore: ids.includes(e.id) })));
    });
    for (let i = 0; i < 25; i++) {
      hub.emit(scanId, info(`e${i}`));
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await hub.flush(scanId);
    await Promise.all(checks);
    expect(readBack.map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(readBack.every((r) => r.inStore)).toBe(true);
  });

  it("retries a failed write with the same events first, never notifying a later one before them", async () => {
    const scanId = await newScan();
    const hub = new EventHub(store);
    hub.open(scanId, 0);
    const { seen } = watch(hub, scanId);
    store.calls = [];
    store.failNext = 2;
    hub.emit(scanId, info("one"));
    hub.emit(scanId, info("two"));
    await new Promise((r) => setTimeout(r, 50));
    // Emitted while the store is failing: queued behind the failed ones.
    hub.emit(scanId, info("three"));
    expect(seen).toEqual([]);
    await hub.flush(scanId);
    expect(seen.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(store.calls[0]).toEqual([1, 2]);
    expect(store.calls.at(-1)).toEqual([1, 2, 3]);
    expect(store.calls).toHaveLength(3);
    expect(await storedIds(scanId)).toEqual([1, 2, 3]);
  });

  it("moves its events after an id another writer stored first (the creator's queued line racing the claim), showing none twice", async () => {
    const scanId = await newScan();
    const hub = new EventHub(store);
    hub.open(scanId, 0);
    const { seen } = watch(hub, scanId);
    // The creator's "queued" line lands under id 1 after the worker opened its channel at 0.
    expect(await real.appendEvents(scanId, [{ id: 1, timestamp: "t-queued", agent: "system", level: "INFO", msg: "Scan queued" }])).toBe("stored");
    const started = hub.emit(scanId, info("Scan started"));
    const next = hub.emit(scanId, info("page 1"));
    expect(started.id).toBe(1);
    await hub.flush(scanId);
    expect([started.id, next.id]).toEqual([2, 3]);
    expect(seen.map((s) => s.id)).toEqual([2, 3]);
    expect((await real.listEvents(scanId, 0)).map((e) => [e.id, e.msg])).toEqual([
      [1, "Scan queued"],
      [2, "Scan started"],
      [3, "page 1"],
    ]);
    // And the other way round: a line appended from outside while the channel holds the next ids goes after them.
    const other = new EventHub(store);
    const appended = await other.append(scanId, [info("from outside")]);
    expect(appended.map((e) => e.id)).toEqual([4]);
    expect(hub.emit(scanId, info("page 2")).id).toBe(4);
    await hub.flush(scanId);
    expect((await real.listEvents(scanId, 0)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.id)).toEqual([2, 3, 5]);
  });

  it("stops storing and showing a scan's events once the store says another worker took it over, and the new attempt continues after the stored maximum", async () => {
    const scanId = await newScan();
    while (await real.claimNextScan("drain")) {
      /* other scans of this file */
    }
    await driver.query("update scans set status = 'queued', worker_id = null where id = $1", [scanId]);
    const claimed = await real.claimNextScan("w-a");
    expect(claimed?.id).toBe(scanId);
    const old = new EventHub(store);
    let lost = 0;
    old.open(scanId, 0, { holder: { workerId: "w-a", attempt: 1 }, onLost: () => lost++ });
    const oldWatch = watch(old, scanId);
    old.emit(scanId, info("a1"));
    old.emit(scanId, info("a2"));
    await old.flush(scanId);
    expect(oldWatch.seen.map((s) => s.id)).toEqual([1, 2]);

    await driver.query("update scans set heartbeat_at = now() - interval '10 minutes' where id = $1", [scanId]);
    expect((await real.recoverStaleScans(60, "w-b", 2)).requeued.map((r) => r.id)).toEqual([scanId]);
    expect((await real.claimNextScan("w-b"))?.attempt).toBe(2);

    // The old worker, slow rather than dead, keeps emitting: refused, not shown, reported once.
    old.emit(scanId, info("a3 (zombie)"));
    await old.flush(scanId);
    old.emit(scanId, info("a4 (zombie)"));
    await old.flush(scanId);
    expect(lost).toBe(1);
    expect(oldWatch.seen.map((s) => s.id)).toEqual([1, 2]);

    const next = new EventHub(store);
    next.open(scanId, await real.lastEventId(scanId), { holder: { workerId: "w-b", attempt: 2 } });
    const nextWatch = watch(next, scanId);
    expect(next.emit(scanId, info("resumed")).id).toBe(3);
    await next.close(scanId);
    expect(nextWatch.seen.map((s) => s.id)).toEqual([3]);
    expect((await real.listEvents(scanId, 0)).map((e) => [e.id, e.msg])).toEqual([
      [1, "a1"],
      [2, "a2"],
      [3, "resumed"],
    ]);
    await old.abandon(scanId);
    expect(old.isOpen(scanId)).toBe(false);
  });
});
