import { progressAgents, type AgentEvent, type AgentName, type LogLevel, type ProgressAgent } from "@/lib/schemas/agent-event";
import type { ScanStatus } from "@/lib/schemas/scan";

/** A log line with a key that is stable across reconnects (the server's id when it sent one). */
export interface LogLine extends AgentEvent {
  key: string;
}

export function eventKey(e: AgentEvent): string {
  return e.id !== undefined ? `#${e.id}` : `${e.timestamp}|${e.agent}|${e.level}|${e.msg}`;
}

/**
 * Appends incoming events to the log without duplicates. EventSource replays from Last-Event-ID
 * after a reconnect, but a server that restarts its buffer, or a status poll racing the stream,
 * can still hand us lines we already have.
 */
export function mergeEvents(existing: readonly LogLine[], incoming: readonly AgentEvent[], seen: Set<string>): LogLine[] {
  const added: LogLine[] = [];
  for (const e of incoming) {
    const key = eventKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push({ ...e, key });
  }
  if (added.length === 0) return existing as LogLine[];
  const merged = [...existing, ...added];
  // Ids are monotonic per scan; keep that order if a late line arrives out of sequence.
  const outOfOrder = added.some((line, i) => {
    const prev = i === 0 ? existing[existing.length - 1] : added[i - 1];
    return prev?.id !== undefined && line.id !== undefined && line.id < prev.id;
  });
  return outOfOrder ? merged.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER)) : merged;
}

export interface LogFilter {
  agents: ReadonlySet<AgentName>;
  levels: ReadonlySet<LogLevel>;
  text: string;
}

export function filterLog(lines: readonly LogLine[], f: LogFilter): LogLine[] {
  const text = f.text.trim().toLowerCase();
  return lines.filter((l) => f.agents.has(l.agent) && f.levels.has(l.level) && (!text || l.msg.toLowerCase().includes(text)));
}

export type AgentState = "waiting" | "running" | "done" | "failed" | "skipped";

export interface AgentLane {
  agent: ProgressAgent;
  progress: number;
  state: AgentState;
  lastMessage: string | null;
  phase: string | null;
  warnings: number;
  errors: number;
}

/** Derives each agent's lane from the log; `statusProgress` (from /api/status) fills gaps the log has not covered. */
export function deriveLanes(
  lines: readonly LogLine[],
  statusProgress: Partial<Record<ProgressAgent, number>>,
  scanStatus: ScanStatus,
): AgentLane[] {
  return progressAgents.map((agent) => {
    const own = lines.filter((l) => l.agent === agent);
    const last = own[own.length - 1];
    const logged = own.reduce((max, l) => (l.progress !== undefined ? Math.max(max, l.progress) : max), 0);
    const progress = Math.max(logged, statusProgress[agent] ?? 0);
    const errors = own.filter((l) => l.level === "ERROR").length;
    let state: AgentState = own.length === 0 && progress === 0 ? "waiting" : progress >= 100 ? "done" : "running";
    if (scanStatus === "complete" && own.length > 0) state = "done";
    const stopped = scanStatus === "error" || scanStatus === "cancelled" || scanStatus === "interrupted";
    if (state === "running" && stopped) state = "failed";
    // An agent the pipeline never reached is not "waiting" once the scan has ended.
    if (state === "waiting" && stopped) state = "skipped";
    return {
      agent,
      progress: state === "done" ? 100 : progress,
      state,
      lastMessage: last?.msg ?? null,
      phase: [...own].reverse().find((l) => l.phase)?.phase ?? null,
      warnings: own.filter((l) => l.level === "WARNING").length,
      errors,
    };
  });
}
