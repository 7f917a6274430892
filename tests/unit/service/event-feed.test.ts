import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventFeed } from "@/lib/scans/queue/event-feed";
import { parseEventNotice, SCAN_EVENTS_CHANNEL } from "@/lib/scans/queue/event-notice";
import { readMigrations } from "@/lib/store/migrations";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { SqlStore } from "@/lib/store/sql-store";

const A = "0b9f3a52-7c1e-4d7a-9a43-2f1e5c6d7e80";
const B = "5d2c9e14-1a3b-4c5d-8e6f-708192a3b4c5";

describe("parseEventNotice", () => {
  it("reads '<scan id>:<max seq>' as the trigger writes it", () => {
    expect(parseEventNotice(`${A}:17`)).toEqual({ scanId: A, seq: 17 });
    expect(parseEventNotice(`${A.toUpperCase()}:1`)).toEqual({ scanId: A, seq: 1 });
  });

  it("ignores anything else on the channel", () => {
    for (const payload of ["", "probe", `${A}`, `${A}:`, `${A}:0`, `${A}:-3`, `${A}:1.5`, `${A}:12345678901`, `${A}:7:8`, `not-a-uuid:3`, ` ${A}:3`, `${A}:3\n`]) {
      expect(parseEventNotice(payload), payload).toBeNull();
    }
  });
});

describe("EventFeed dispatch", () => {
  const feed = new EventFeed({ enabled: false, pollMs: 1_000, safetyMs: 12_000 });

  it("wakes only the watchers of the notified scan, with the seq, until they stop watching", () => {
    const seen: string[] = [];
    const stopA1 = feed.watch(A, (seq) => seen.push(`a1:${seq}`));
    const stopA2 = feed.watch(A, (seq) => seen.push(`a2:${seq}`));
    const stopB = feed.watch(B, (seq) => seen.push(`b:${seq}`));
    feed.dispatch(`${A}:4`);
    feed.dispatch(`${B.toUpperCase()}:9`);
    feed.dispatch("garbage");
    feed.dispatch(`${randomUUID()}:2`);
    expect(seen).toEqual(["a1:4", "a2:4", "b:9"]);
    stopA1();
    feed.dispatch(`${A}:5`);
    stopA2();
    stopB();
    feed.dispatch(`${A}:6`);
    feed.dispatch(`${B}:10`);
    expect(seen).toEqual(["a1:4", "a2:4", "b:9", "a2:5"]);
  });

  it("without LISTEN, watchers poll at pollMs", async () => {
    await feed.start();
    expect(feed.mode()).toBe("polling");
    expect(feed.idleWaitMs()).toBe(1_000);
  });
});

describe("EventFeed on the embedded store (PGlite's LISTEN)", () => {
  let store: SqlStore;
  beforeAll(async () => {
    store = new SqlStore(await openPgliteDriver(undefined), "embedded");
    await store.migrate();
  }, 120_000); // PGlite's first initdb is slow on a busy machine
  afterAll(() => store.close());

  const scan = async () =>
    (await store.createScan({ id: randomUUID(), owner: "feed", url: "https://example.com/", framework: "GDPR", request: {}, workerId: null, pinned: false })).id;
  const ev = (id: number) => ({ id, timestamp: "t", agent: "system" as const, level: "INFO" as const, msg: `m${id}` });

  it("wakes every watcher to catch up when LISTEN starts, then wakes a scan's watchers per stored batch", async () => {
    const feed = new EventFeed({ listen: store.listen, enabled: true, pollMs: 1_000, safetyMs: 12_000 });
    const [one, two] = [await scan(), await scan()];
    const seen: string[] = [];
    feed.watch(one, (seq) => seen.push(`one:${seq}`));
    feed.watch(two, (seq) => seen.push(`two:${seq}`));
    await feed.start();
    expect(feed.mode()).toBe("listening");
    expect(feed.idleWaitMs()).toBe(12_000);
    expect(seen.sort()).toEqual(["one:null", "two:null"]);
    seen.length = 0;
    await store.appendEvents(one, [ev(1), ev(2), ev(3)]);
    await store.appendEvents(two, [ev(1)]);
    await store.appendEvents(one, [ev(3)]); // already stored: no news
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(["one:3", "two:1"]);
    seen.length = 0;
    await feed.stop();
    expect(feed.mode()).toBe("polling");
    await store.appendEvents(one, [ev(4)]);
    await new Promise((r) => setTimeout(r, 20));
    // Stopping wakes watchers once (to poll); the insert after it reaches nobody.
    expect(seen.sort()).toEqual(["one:null", "two:null"]);
  });

  it("APO_STREAM_LISTEN=false: does not LISTEN even where the store could", async () => {
    const feed = new EventFeed({ listen: store.listen, enabled: false, pollMs: 250, safetyMs: 12_000 });
    const id = await scan();
    const seen: unknown[] = [];
    feed.watch(id, (seq) => seen.push(seq));
    await feed.start();
    await store.appendEvents(id, [ev(1)]);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    expect(feed.idleWaitMs()).toBe(250);
  });

  it("listens on the channel the migration notifies", () => {
    const sql = readMigrations().find((m) => m.name.endsWith("_event_notify.sql"))?.sql ?? "";
    expect(sql).toContain(`pg_notify('${SCAN_EVENTS_CHANNEL}',`);
  });
});
