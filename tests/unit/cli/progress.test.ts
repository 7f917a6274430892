import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { initialProgress, nextProgress, progressSink, statusLine } from "@/cli/src/progress";
import { SseParser, type SseMessage } from "@/cli/src/sse";
import type { AgentEvent } from "@/lib/schemas/agent-event";

const at = "2026-06-15T12:00:00Z";
// Messages as the discovery and interaction agents write them (agents/discovery/index.ts, agents/interaction/index.ts).
const events: AgentEvent[] = [
  { timestamp: at, agent: "system", level: "INFO", msg: "Scan queued: https://shop.example/", phase: "queued" },
  { timestamp: at, agent: "discovery", level: "INFO", msg: "Crawling https://shop.example/ to depth 1, up to 2 pages" },
  { timestamp: at, agent: "discovery", level: "INFO", msg: "Page 1: https://shop.example/ (home, risk 3, 1 form(s), banner)" },
  { timestamp: at, agent: "interaction", level: "INFO", msg: "Replaying the home page as 4 visitors (pre_consent, accept_all, reject_all, gpc) while discovery ranks the rest" },
  { timestamp: at, agent: "discovery", level: "INFO", msg: "Page 2: https://shop.example/privacy (policy, risk 1, 0 form(s))" },
  { timestamp: at, agent: "interaction", level: "SUCCESS", msg: "pre_consent: 2 page(s), 14 requests, 3 cookies, 0 canaries, 0 fingerprinting event(s)", phase: "pre_consent" },
  { timestamp: at, agent: "interaction", level: "INFO", msg: "gpc: banner found (heuristic)", phase: "gpc" },
  { timestamp: at, agent: "interaction", level: "ERROR", msg: "reject_all: browser context closed", phase: "reject_all" },
];

describe("progress state", () => {
  it("follows the phase, the pages crawled and the visitors done", () => {
    const state = events.reduce(nextProgress, initialProgress);
    expect(state).toEqual({ phase: "interaction (reject_all)", pages: 2, visitorsDone: 2, visitorsTotal: 4 });
    expect(statusLine(state, 12.3)).toBe("[ 12s] interaction (reject_all) · 2 page(s) crawled · 2/4 visitor(s) done");
    expect(nextProgress(state, { agent: "system", level: "DONE", msg: "complete" }).phase).toBe("complete");
  });
});

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 200;
  let text = "";
  stream.on("data", (c: Buffer) => (text += c.toString("utf8")));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("progress display", () => {
  it("writes one plain line per event when not on a terminal", () => {
    const out = capture(false);
    const sink = progressSink(out.stream, { quiet: false, now: () => 0 });
    for (const e of events) sink.event(e);
    sink.done();
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(events.length);
    expect(out.text()).not.toContain("\r");
    expect(lines[2]).toMatch(/discovery\s+INFO\s+Page 1: https:\/\/shop\.example\//);
  });

  it("rewrites one status line in place on a terminal and clears it when done", () => {
    const out = capture(true);
    const sink = progressSink(out.stream, { quiet: false, now: () => 0 });
    for (const e of events) sink.event(e);
    sink.done();
    expect(out.text().split("\n")).toHaveLength(2); // the one ERROR line, then the cleared status line
    expect(out.text()).toContain("error: reject_all: browser context closed\n");
    expect(out.text()).toContain("\r\x1b[2K[  0s] discovery · 2 page(s) crawled · 0/4 visitor(s) done");
    expect(out.text().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("writes nothing when quiet", () => {
    const out = capture(true);
    const sink = progressSink(out.stream, { quiet: true });
    for (const e of events) sink.event(e);
    sink.done();
    expect(out.text()).toBe("");
  });
});

describe("SseParser", () => {
  it("reads messages split across chunks, with ids, event names, comments, multi-line data and retry", () => {
    const got: SseMessage[] = [];
    const parser = new SseParser((m) => got.push(m));
    for (const chunk of ["retry: 3000\n\n: keep-alive\n\nid: 7\nevent: mess", "age\ndata: {\"a\":1}\n\n", "id: 8\r\ndata: line 1\r\ndata: line 2\r\n\r\nevent: error\ndata: x\n", "\n"]) parser.feed(chunk);
    expect(parser.retryMs).toBe(3000);
    expect(got).toEqual([
      { id: "7", event: "message", data: '{"a":1}' },
      { id: "8", event: "message", data: "line 1\nline 2" },
      { id: "8", event: "error", data: "x" },
    ]);
  });
});
