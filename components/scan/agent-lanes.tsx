import { Badge, type Tone } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ProgressAgent } from "@/lib/schemas/agent-event";
import type { AgentLane, AgentState } from "@/lib/ui/event-log";
import { cn } from "@/lib/ui/cn";

const agentMeta: Record<ProgressAgent, { title: string; job: string; step: number }> = {
  discovery: { title: "Discovery", job: "Crawls the site and maps pages, forms and third parties.", step: 1 },
  interaction: { title: "Interaction", job: "Replays pages as four visitors and records every request.", step: 2 },
  observability: { title: "Observability", job: "Classifies trackers, applies the law and computes fines.", step: 3 },
};

const stateMeta: Record<AgentState, { label: string; tone: Tone; glyph: string }> = {
  waiting: { label: "Waiting", tone: "neutral", glyph: "○" },
  running: { label: "Running", tone: "violet", glyph: "●" },
  done: { label: "Done", tone: "green", glyph: "✓" },
  failed: { label: "Stopped", tone: "red", glyph: "✕" },
  skipped: { label: "Not run", tone: "neutral", glyph: "–" },
};

export function AgentLanes({ lanes }: { lanes: AgentLane[] }) {
  return (
    <ol className="grid gap-4 md:grid-cols-3" aria-label="Agents">
      {lanes.map((lane) => (
        <AgentCard key={lane.agent} lane={lane} />
      ))}
    </ol>
  );
}

function AgentCard({ lane }: { lane: AgentLane }) {
  const meta = agentMeta[lane.agent];
  const st = stateMeta[lane.state];
  return (
    <li
      className={cn(
        "rounded-xl border bg-white p-4 shadow-sm dark:bg-slate-900",
        lane.state === "running" ? "border-violet-300 dark:border-violet-700" : "border-slate-200 dark:border-slate-800",
      )}
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="text-xs font-medium text-slate-600 dark:text-slate-400">Agent {meta.step} of 3</p>
          <h3 className="font-semibold text-slate-900 dark:text-white">{meta.title}</h3>
        </div>
        <Badge tone={st.tone}>
          <span aria-hidden="true" className={lane.state === "running" ? "animate-pulse" : undefined}>
            {st.glyph}
          </span>
          {st.label}
        </Badge>
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{meta.job}</p>
      <div className="mt-4 flex items-center gap-3">
        <ProgressBar value={lane.progress} label={`${meta.title} progress`} tone={lane.state === "failed" ? "red" : lane.state === "done" ? "green" : "indigo"} />
        <span className="w-10 text-right text-sm font-medium tabular-nums">{Math.round(lane.progress)}%</span>
      </div>
      <p className="mt-3 line-clamp-2 min-h-10 text-sm text-slate-700 dark:text-slate-300" title={lane.lastMessage ?? undefined}>
        {/* Agents often start their message with the phase already; don't say it twice. */}
        {lane.phase && !lane.lastMessage?.startsWith(lane.phase) ? <span className="font-medium">{lane.phase}: </span> : null}
        {lane.lastMessage ?? (lane.state === "skipped" ? "The scan stopped before this agent started." : "Not started yet.")}
      </p>
      {lane.warnings + lane.errors > 0 ? (
        <p className="mt-2 flex gap-3 text-xs">
          {lane.warnings ? <span className="text-amber-800 dark:text-amber-300">⚠ {lane.warnings} warning{lane.warnings === 1 ? "" : "s"}</span> : null}
          {lane.errors ? <span className="text-rose-700 dark:text-rose-300">✕ {lane.errors} error{lane.errors === 1 ? "" : "s"}</span> : null}
        </p>
      ) : null}
    </li>
  );
}
