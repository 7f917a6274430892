import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import type { MonitorRun } from "@/lib/schemas/monitor";
import { formatDateTime } from "@/lib/ui/format";
import { summarizeDiff } from "@/lib/ui/monitors";
import { RunDiff } from "./run-diff";

const muted = "text-slate-600 dark:text-slate-400";

function Score({ run }: { run: MonitorRun }) {
  if (run.score === null) return null;
  const before = run.diff?.score_before ?? null;
  return (
    <span className="tabular-nums">
      Score {before !== null && run.diff?.base_scan_id ? `${Math.round(before)} → ` : ""}
      <span className="font-semibold">{Math.round(run.score)}</span>
      {run.violations !== null ? ` · ${run.violations} ${run.violations === 1 ? "violation" : "violations"}` : null}
    </span>
  );
}

function RunItem({ run, open }: { run: MonitorRun; open: boolean }) {
  const when = run.finished_at ?? run.started_at ?? run.created_at;
  return (
    <li className="space-y-3 px-5 py-4" data-testid="monitor-run" data-status={run.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <h3 className="font-semibold text-slate-900 dark:text-slate-100">
          {run.trigger === "manual" ? "Manual run" : "Scheduled run"} · {formatDateTime(when)}
        </h3>
        <StatusBadge status={run.status} />
        <Score run={run} />
        <Link href={`/scans/${run.scan_id}`} className="underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          Open the scan<span className="sr-only"> of {formatDateTime(when)}</span>
        </Link>
      </div>
      {run.error ? (
        <Notice tone="error" title={`The run did not complete (${run.error.code})`}>
          {run.error.message} The next run is compared with the last good run.
        </Notice>
      ) : null}
      {run.diff ? (
        <details open={open} className="rounded-lg border border-slate-200 px-4 py-3 dark:border-slate-800">
          <summary className="cursor-pointer text-sm font-medium text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-200">{summarizeDiff(run.diff)}</summary>
          <div className="mt-3">
            <RunDiff diff={run.diff} />
          </div>
        </details>
      ) : run.status === "complete" || run.error ? null : (
        <p className={`text-sm ${muted}`}>The diff appears when the run completes.</p>
      )}
    </li>
  );
}

/** Runs newest first, each with what it changed; the newest diff is open. */
export function RunList({ runs }: { runs: readonly MonitorRun[] }) {
  const newestWithDiff = runs.findIndex((r) => r.diff !== null);
  return (
    <Card aria-labelledby="runs-heading" className="overflow-hidden">
      <CardHeader id="runs-heading" title="Runs" description="Newest first. Each completed run is compared with the previous good run." />
      {runs.length === 0 ? (
        <p className={`px-5 py-6 text-sm ${muted}`}>No runs yet. Use “Run now”, or wait for the schedule.</p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="monitor-runs">
          {runs.map((r, i) => (
            <RunItem key={r.scan_id} run={r} open={i === newestWithDiff} />
          ))}
        </ul>
      )}
    </Card>
  );
}
