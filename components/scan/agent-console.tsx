"use client";

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { agentNames, type AgentName, type LogLevel } from "@/lib/schemas/agent-event";
import { cn } from "@/lib/ui/cn";
import { filterLog, type LogLine } from "@/lib/ui/event-log";
import { formatClock } from "@/lib/ui/format";
import type { StreamState } from "./use-scan-stream";

const levels: readonly LogLevel[] = ["INFO", "SUCCESS", "WARNING", "ERROR", "DONE"];

// Levels carry a word and a glyph as well as a colour.
const levelStyle: Record<LogLevel, string> = {
  INFO: "text-sky-300",
  SUCCESS: "text-emerald-300",
  WARNING: "text-amber-300",
  ERROR: "text-rose-300 font-semibold",
  DONE: "text-violet-300 font-semibold",
};
const agentStyle: Record<AgentName, string> = {
  discovery: "text-cyan-300",
  interaction: "text-fuchsia-300",
  observability: "text-lime-300",
  system: "text-slate-300",
};

const connection: Record<StreamState, { label: string; cls: string }> = {
  connecting: { label: "Connecting…", cls: "text-slate-600 dark:text-slate-400" },
  live: { label: "● Live", cls: "text-emerald-700 dark:text-emerald-400" },
  reconnecting: { label: "↻ Reconnecting…", cls: "text-amber-700 dark:text-amber-400" },
  closed: { label: "■ Stream ended", cls: "text-slate-600 dark:text-slate-400" },
};

function ToggleChip({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cn(
        "rounded-md px-2 py-1 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400",
        pressed
          ? "bg-slate-800 text-white ring-slate-800 dark:bg-slate-200 dark:text-slate-900 dark:ring-slate-200"
          : "bg-white text-slate-600 dark:text-slate-400 line-through ring-slate-300 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-700",
      )}
    >
      {children}
    </button>
  );
}

/**
 * The live log. It follows new lines until the user scrolls up, then holds still and offers a
 * "jump to latest" button, so reading an earlier line is never interrupted.
 */
export function AgentConsole({ lines, state, reconnects, heightClass = "h-96" }: { lines: LogLine[]; state: StreamState; reconnects: number; heightClass?: string }) {
  const [agents, setAgents] = useState<ReadonlySet<AgentName>>(new Set(agentNames));
  const [lvls, setLvls] = useState<ReadonlySet<LogLevel>>(new Set(levels));
  const [text, setText] = useState("");
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => filterLog(lines, { agents, levels: lvls, text }), [lines, agents, lvls, text]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !follow) return;
    el.scrollTop = el.scrollHeight;
  }, [shown, follow]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Our own scroll-to-bottom also lands here, and correctly reads as "at the bottom".
    const onScroll = () => {
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      setFollow(atBottom);
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  const toggle = <T,>(set: ReadonlySet<T>, v: T): Set<T> => {
    const next = new Set(set);
    if (next.has(v)) next.delete(v);
    else next.add(v);
    return next;
  };

  const conn = connection[state];
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id="console-title" className="text-base font-semibold">
          Agent console
        </h2>
        <span className={cn("text-xs font-medium", conn.cls)} role="status">
          {conn.label}
          {reconnects > 0 && state === "live" ? ` (reconnected ${reconnects}×)` : ""}
        </span>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {shown.length === lines.length ? `${lines.length} lines` : `${shown.length} of ${lines.length} lines`}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <div role="group" aria-label="Filter by agent" className="flex flex-wrap gap-1">
            {agentNames.map((a) => (
              <ToggleChip key={a} pressed={agents.has(a)} onClick={() => setAgents((s) => toggle(s, a))}>
                {a}
              </ToggleChip>
            ))}
          </div>
          <div role="group" aria-label="Filter by level" className="flex flex-wrap gap-1">
            {levels.map((l) => (
              <ToggleChip key={l} pressed={lvls.has(l)} onClick={() => setLvls((s) => toggle(s, l))}>
                {l}
              </ToggleChip>
            ))}
          </div>
          <label className="sr-only" htmlFor="console-search">
            Search the log
          </label>
          <input
            id="console-search"
            type="search"
            placeholder="Search log"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="h-7 w-36 rounded-md border border-slate-300 bg-white px-2 text-xs dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
      </div>
      <div className="relative">
        <div
          ref={box}
          role="log"
          aria-labelledby="console-title"
          aria-live="off"
          tabIndex={0}
          data-testid="agent-console"
          className={cn("overflow-y-auto bg-slate-950 px-4 py-3 font-mono text-[12.5px] leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-400", heightClass)}
        >
          {shown.length === 0 ? (
            <p className="text-slate-400">{lines.length === 0 ? "Waiting for the first log line…" : "No lines match the filters."}</p>
          ) : (
            shown.map((l) => (
              <div key={l.key} data-level={l.level} data-agent={l.agent} className="grid grid-cols-[auto_auto_auto_1fr] gap-x-3 py-px">
                <time dateTime={l.timestamp} className="text-slate-400 tabular-nums">
                  {formatClock(l.timestamp)}
                </time>
                <span className={cn("w-24 truncate", agentStyle[l.agent])}>{l.agent}</span>
                <span className={cn("w-16", levelStyle[l.level])}>{l.level}</span>
                <span className="break-words whitespace-pre-wrap">
                  {l.msg}
                  {l.progress !== undefined ? <span className="text-slate-400"> ({Math.round(l.progress)}%)</span> : null}
                </span>
              </div>
            ))
          )}
        </div>
        {!follow ? (
          <button
            type="button"
            onClick={() => setFollow(true)}
            className="absolute right-4 bottom-3 rounded-full bg-indigo-600 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
          >
            ↓ Jump to latest
          </button>
        ) : null}
      </div>
    </div>
  );
}
