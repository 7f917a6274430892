"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { NewLink } from "@/components/ui/new-link";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import type { Monitor } from "@/lib/schemas/monitor";
import { formatDateTime, hostOf } from "@/lib/ui/format";
import { listMonitors } from "@/lib/ui/monitor-api";
import { formatInterval, formatRelative, nextRunLabel, runInProgress } from "@/lib/ui/monitors";
import { ApiCallError } from "@/lib/ui/scan-api";
import { MonitorStateBadge } from "./monitor-state-badge";
import { TrendSparkline } from "./trend-sparkline";

const muted = "text-slate-600 dark:text-slate-400";

function LastRun({ m, now }: { m: Monitor; now: Date }) {
  const r = m.last_run;
  if (!r) return <span className={muted}>No run yet</span>;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={r.status} />
        <Link href={`/scans/${r.scan_id}`} className="text-xs underline focus-visible:outline-2 focus-visible:outline-indigo-600" title={formatDateTime(r.finished_at ?? r.created_at)}>
          {formatRelative(r.finished_at ?? r.created_at, now)}
          <span className="sr-only"> (open the scan)</span>
        </Link>
      </div>
      {r.status === "complete" ? (
        <p className="text-xs tabular-nums text-slate-700 dark:text-slate-300">
          Score {r.score === null ? "—" : Math.round(r.score)} · {r.violations ?? "—"} {r.violations === 1 ? "violation" : "violations"}
        </p>
      ) : null}
    </div>
  );
}

export function MonitorsTable() {
  const router = useRouter();
  const [monitors, setMonitors] = useState<Monitor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(async () => {
    try {
      setMonitors(await listMonitors());
      setNow(new Date());
      setError(null);
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 401) router.replace("/login?callbackUrl=/monitors");
      else setError(e instanceof Error ? e.message : "Could not load your monitors.");
    }
  }, [router]);

  useEffect(() => {
    // Fetched client-side: the browser talks only to /api/*.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  const anyRunning = monitors?.some((m) => runInProgress(m, null)) ?? false;
  useEffect(() => {
    const t = window.setInterval(() => void load(), anyRunning ? 4000 : 60_000);
    return () => window.clearInterval(t);
  }, [anyRunning, load]);

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error" title={error} live /> : null}
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {monitors && monitors.length === 0 ? (
          <EmptyState
            title="No monitors yet"
            action={<NewLink href="/monitors/new">New monitor</NewLink>}
          >
            A monitor re-scans a site on a schedule, compares each run with the last good one and tells your webhook what changed: a tracker re-added, a banner that stopped working.
          </EmptyState>
        ) : (
          <div tabIndex={0} className="table-scroll">
            <table className="w-full text-sm" data-testid="monitors-table">
              <caption className="sr-only">Your monitors</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-800/40 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-3 py-2.5">Monitor</th>
                  <th scope="col" className="px-3 py-2.5">Framework</th>
                  <th scope="col" className="px-3 py-2.5">Interval</th>
                  <th scope="col" className="px-3 py-2.5">State</th>
                  <th scope="col" className="px-3 py-2.5">Last run</th>
                  <th scope="col" className="px-3 py-2.5">Next run</th>
                  <th scope="col" className="px-3 py-2.5">Score trend</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {!monitors
                  ? Array.from({ length: 3 }, (_, i) => (
                      <tr key={i}>
                        <td colSpan={7} className="px-3 py-3">
                          <div className="h-5 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
                        </td>
                      </tr>
                    ))
                  : monitors.map((m) => (
                      <tr key={m.monitor_id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                        <td className="max-w-xs px-3 py-3">
                          <Link href={`/monitors/${m.monitor_id}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-white">
                            {m.name || hostOf(m.url)}
                          </Link>
                          <span className={`block truncate font-mono text-xs ${muted}`} title={m.url}>
                            {m.url}
                          </span>
                        </td>
                        <td className="px-3 py-3">{m.frameworks.length > 1 ? `${m.framework} +${m.frameworks.length - 1}` : m.framework}</td>
                        <td className="px-3 py-3 whitespace-nowrap">{formatInterval(m.interval_minutes)}</td>
                        <td className="px-3 py-3">
                          <MonitorStateBadge enabled={m.enabled} />
                        </td>
                        <td className="px-3 py-3">
                          <LastRun m={m} now={now} />
                        </td>
                        <td className="px-3 py-3 whitespace-nowrap" title={m.next_run_at ? formatDateTime(m.next_run_at) : undefined}>
                          {nextRunLabel(m, now)}
                        </td>
                        <td className="px-3 py-3">
                          <TrendSparkline scores={m.trend.map((t) => t.score)} />
                        </td>
                      </tr>
                    ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
