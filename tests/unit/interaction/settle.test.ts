import { describe, expect, it } from "vitest";
import { QuietWindow, type SettleOptions } from "@/agents/interaction/settle";

// A fake clock: every time is milliseconds after the window opened at t = 1000.
const T0 = 1_000;
const OPTS: SettleOptions = { quietMs: 600, minMs: 300, maxMs: 5_000, longRequestMs: 2_000 };
const at = (ms: number) => T0 + ms;

/** The first time (stepping 10 ms) the window says it is done, and why. */
function closes(window: QuietWindow, events: Array<[number, (w: QuietWindow) => void]> = []): { t: number; reason: string | undefined } {
  const pending = [...events].sort((a, b) => a[0] - b[0]);
  for (let t = 0; t <= 10_000; t += 10) {
    while (pending.length && (pending[0] as [number, unknown])[0] <= t) (pending.shift() as [number, (w: QuietWindow) => void])[1](window);
    const d = window.decide(at(t));
    if (d.done) return { t, reason: d.reason };
  }
  throw new Error("never closed");
}

describe("QuietWindow", () => {
  it("ends a page that is quiet from the start after quietMs (never before minMs)", () => {
    expect(closes(new QuietWindow(T0, OPTS))).toEqual({ t: 600, reason: "quiet" });
    expect(closes(new QuietWindow(T0, { ...OPTS, minMs: 1_500 }))).toEqual({ t: 1_500, reason: "quiet" });
  });

  it("waits while a request is in flight and ends quietMs after the last one finished", () => {
    const result = closes(new QuietWindow(T0, OPTS), [
      [100, (w) => w.requestStarted("a", at(100), "script")],
      [900, (w) => w.requestEnded("a", at(900))],
      [1_000, (w) => w.requestStarted("b", at(1_000), "image")],
      [1_050, (w) => w.requestEnded("b", at(1_050))],
    ]);
    expect(result).toEqual({ t: 1_650, reason: "quiet" });
  });

  it("a request that starts and ends inside the quiet period restarts it", () => {
    const result = closes(new QuietWindow(T0, OPTS), [[500, (w) => (w.requestStarted("p", at(500), "ping"), w.requestEnded("p", at(520)))]]);
    expect(result.t).toBe(1_120);
  });

  it("a long-poll or stream stops holding the window once it has been open longRequestMs", () => {
    const result = closes(new QuietWindow(T0, OPTS), [[200, (w) => w.requestStarted("poll", at(200), "xhr")]]);
    expect(result).toEqual({ t: 2_200, reason: "quiet" });
  });

  it("event streams, WebSockets and media never count as in flight", () => {
    for (const type of ["eventsource", "websocket", "media"]) {
      expect(closes(new QuietWindow(T0, OPTS), [[100, (w) => w.requestStarted("s", at(100), type)]]).t).toBe(700);
    }
  });

  it("waits for a pending page timer due before the deadline, then for the quiet after it", () => {
    // A tag on a 3.5 s timer: nothing on the wire until it fires.
    const result = closes(new QuietWindow(T0, OPTS), [
      [0, (w) => w.pageBusy(at(3_500))],
      [3_500, (w) => (w.pageBusy(0), w.requestStarted("tag", at(3_510), "script"))],
      [3_600, (w) => w.requestEnded("tag", at(3_600))],
    ]);
    expect(result).toEqual({ t: 4_200, reason: "quiet" });
  });

  it("ignores a timer due after the deadline (it cannot be waited for)", () => {
    expect(closes(new QuietWindow(T0, OPTS), [[0, (w) => w.pageBusy(at(8_000))]])).toEqual({ t: 600, reason: "quiet" });
  });

  it("a route change counts as activity", () => {
    expect(closes(new QuietWindow(T0, OPTS), [[400, (w) => w.activity(at(450))]]).t).toBe(1_050);
  });

  it("a page that never goes quiet costs exactly maxMs", () => {
    const beacons: Array<[number, (w: QuietWindow) => void]> = [];
    for (let t = 0; t < 10_000; t += 300) beacons.push([t, (w) => (w.requestStarted(`b${t}`, at(t), "ping"), w.requestEnded(`b${t}`, at(t + 50)))]);
    expect(closes(new QuietWindow(T0, OPTS), beacons)).toEqual({ t: 5_000, reason: "max" });
  });

  it("says how long the caller may sleep before the decision can change", () => {
    const window = new QuietWindow(T0, OPTS);
    expect(window.decide(at(100))).toEqual({ done: false, waitMs: 500 });
    window.requestStarted("a", at(200), "fetch");
    expect(window.decide(at(300)).waitMs).toBe(1_900); // when "a" turns into a long request
    expect(window.openRequests(at(300))).toBe(1);
    expect(window.openRequests(at(2_300))).toBe(0);
  });
});
