import { describe, expect, it } from "vitest";
import type { AgentEvent } from "@/lib/schemas/agent-event";
import { deriveLanes, filterLog, mergeEvents, type LogLine } from "@/lib/ui/event-log";

const ev = (id: number | undefined, agent: AgentEvent["agent"], msg: string, extra: Partial<AgentEvent> = {}): AgentEvent => ({
  id,
  timestamp: `2026-01-01T00:00:${String(id ?? 0).padStart(2, "0")}.000Z`,
  agent,
  level: "INFO",
  msg,
  ...extra,
});

describe("mergeEvents", () => {
  it("drops lines replayed after a reconnect", () => {
    const seen = new Set<string>();
    let log: LogLine[] = [];
    log = mergeEvents(log, [ev(1, "discovery", "a"), ev(2, "discovery", "b")], seen);
    log = mergeEvents(log, [ev(2, "discovery", "b"), ev(3, "interaction", "c")], seen);
    expect(log.map((l) => l.id)).toEqual([1, 2, 3]);
  });

  it("dedupes id-less lines by content and keeps the same array when nothing is new", () => {
    const seen = new Set<string>();
    const first = mergeEvents([], [ev(undefined, "system", "x")], seen);
    const again = mergeEvents(first, [ev(undefined, "system", "x")], seen);
    expect(again).toBe(first);
  });

  it("puts a late line back in id order", () => {
    const seen = new Set<string>();
    const log = mergeEvents(mergeEvents([], [ev(1, "discovery", "a"), ev(3, "discovery", "c")], seen), [ev(2, "discovery", "b")], seen);
    expect(log.map((l) => l.id)).toEqual([1, 2, 3]);
  });
});

describe("filterLog", () => {
  it("filters by agent, level and text", () => {
    const log = mergeEvents([], [ev(1, "discovery", "Crawling /privacy"), ev(2, "interaction", "Session gpc", { level: "WARNING" })], new Set());
    expect(filterLog(log, { agents: new Set(["discovery"]), levels: new Set(["INFO", "WARNING"]), text: "" })).toHaveLength(1);
    expect(filterLog(log, { agents: new Set(["discovery", "interaction"]), levels: new Set(["WARNING"]), text: "" })[0]?.id).toBe(2);
    expect(filterLog(log, { agents: new Set(["discovery", "interaction"]), levels: new Set(["INFO", "WARNING"]), text: "PRIVACY" })[0]?.id).toBe(1);
  });
});

describe("deriveLanes", () => {
  it("takes the highest progress from the log or the status, and marks a failed scan's running agent", () => {
    const log = mergeEvents([], [ev(1, "discovery", "a", { progress: 100 }), ev(2, "interaction", "b", { progress: 40, phase: "gpc" })], new Set());
    const running = deriveLanes(log, { interaction: 55 }, "running");
    expect(running.map((l) => [l.agent, l.state, l.progress])).toEqual([
      ["discovery", "done", 100],
      ["interaction", "running", 55],
      ["observability", "waiting", 0],
    ]);
    expect(running[1]?.phase).toBe("gpc");
    expect(deriveLanes(log, {}, "error")[1]?.state).toBe("failed");
    expect(deriveLanes(log, {}, "error")[2]?.state).toBe("skipped");
  });
});
