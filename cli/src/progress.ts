import type { AgentEvent } from "@/lib/schemas/agent-event";

/**
 * The scan's progress as the status line shows it, folded from the agents' log events (the same
 * events whether the scan runs here or on a server). The counts are read from the messages the
 * discovery and interaction agents write ("Page 3: …", "Replaying … as 4 visitors", "gpc: 2 page(s), …").
 */
export interface ProgressState {
  phase: string;
  pages: number;
  visitorsDone: number;
  visitorsTotal: number | null;
}

export const initialProgress: ProgressState = { phase: "starting", pages: 0, visitorsDone: 0, visitorsTotal: null };

export function nextProgress(state: ProgressState, event: Pick<AgentEvent, "agent" | "level" | "msg" | "phase">): ProgressState {
  const next = { ...state };
  if (event.agent !== "system") next.phase = event.phase ? `${event.agent} (${event.phase})` : event.agent;
  if (event.agent === "discovery") {
    const page = /^Page (\d+):/.exec(event.msg) ?? /^Discovered (\d+) page/.exec(event.msg);
    if (page?.[1]) next.pages = Math.max(next.pages, Number(page[1]));
  }
  if (event.agent === "interaction") {
    const total = /as (\d+) visitors/.exec(event.msg);
    if (total?.[1]) next.visitorsTotal = Number(total[1]);
    if (event.phase && (event.level === "SUCCESS" || event.level === "WARNING") && event.msg.startsWith(`${event.phase}: `) && /: \d+ page\(s\), \d+ requests/.test(event.msg)) next.visitorsDone += 1;
    if (event.phase && event.level === "ERROR") next.visitorsDone += 1;
  }
  if (event.level === "DONE") next.phase = event.msg;
  return next;
}

export function statusLine(state: ProgressState, elapsedSeconds: number): string {
  const visitors = `${state.visitorsDone}${state.visitorsTotal !== null ? `/${state.visitorsTotal}` : ""}`;
  return `[${elapsedSeconds.toFixed(0).padStart(3)}s] ${state.phase} · ${state.pages} page(s) crawled · ${visitors} visitor(s) done`;
}

export interface ProgressSink {
  event(event: AgentEvent): void;
  /** Clears the live line before other output goes to the same stream. */
  done(): void;
}

/**
 * On a terminal: one status line rewritten in place (carriage return). Elsewhere (CI logs, a pipe):
 * one plain line per event. Always on stderr, so stdout carries only the output format.
 */
export function progressSink(stream: NodeJS.WriteStream, options: { quiet: boolean; now?: () => number }): ProgressSink {
  if (options.quiet) return { event() {}, done() {} };
  const now = options.now ?? Date.now;
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  let state = initialProgress;
  if (!stream.isTTY) {
    return {
      event(event) {
        state = nextProgress(state, event);
        stream.write(`${elapsed().toFixed(1).padStart(6)} ${event.agent.padEnd(13)} ${event.level.padEnd(7)} ${event.msg}\n`);
      },
      done() {},
    };
  }
  let shown = false;
  return {
    event(event) {
      state = nextProgress(state, event);
      if (event.level === "ERROR" || event.level === "WARNING") stream.write(`\r\x1b[2K${event.level.toLowerCase()}: ${event.msg}\n`);
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      stream.write(`\r\x1b[2K${statusLine(state, elapsed()).slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
