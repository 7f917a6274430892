"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CompareIcon, RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { NewLink } from "@/components/ui/new-link";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import { compareSelection } from "@/lib/ui/compare-scans";
import { formatDateTime, hostOf } from "@/lib/ui/format";
import type { ScanList, ScanListItem } from "@/lib/schemas/api";
import { isFinalStatus } from "@/lib/schemas/scan";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { ApiCallError, deleteScan, listScans, startScan } from "@/lib/ui/scan-api";
import { SeverityCounts } from "./severity-counts";

const PAGE_SIZE = 20;

export function ScansTable() {
  const router = useRouter();
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<ScanList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await listScans(PAGE_SIZE, offset));
      setError(null);
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 401) router.replace("/login?callbackUrl=/scans");
      else setError(e instanceof Error ? e.message : "Could not load your scans.");
    }
  }, [offset, router]);

  useEffect(() => {
    // Fetched client-side: the browser talks only to /api/*.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  const anyLive = data?.scans.some((s) => !isFinalStatus(s.status)) ?? false;
  useEffect(() => {
    if (!anyLive) return;
    const t = window.setInterval(() => void load(), 4000);
    return () => window.clearInterval(t);
  }, [anyLive, load]);

  async function rerun(s: ScanListItem) {
    setBusy(s.scan_id);
    try {
      const created = await startScan(ScanRequestSchema.parse({ url: s.url, framework: s.framework }));
      router.push(`/scans/${created.scan_id}`);
    } catch (e) {
      setBusy(null);
      setError(e instanceof Error ? e.message : "Could not reach the server.");
    }
  }

  async function remove(id: string) {
    setBusy(id);
    try {
      await deleteScan(id);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not reach the server.");
      return;
    } finally {
      setBusy(null);
      setConfirmDelete(null);
    }
    setSelected((sel) => sel.filter((x) => x !== id));
    void load();
  }

  const items = data?.scans ?? [];
  const selection = compareSelection(items, selected);

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error" title={error} live /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {selection.kind === "ready"
            ? `Comparing ${hostOf(selection.older.url)}: ${formatDateTime(selection.older.created_at)} → ${formatDateTime(selection.newer.created_at)}`
            : selection.kind === "mismatch"
              ? selection.reason
              : "Select two completed scans of the same site to compare them."}
        </p>
        <div className="flex gap-2">
          {selection.kind === "ready" ? (
            <ButtonLink href={`/scans/compare?a=${selection.older.scan_id}&b=${selection.newer.scan_id}`} variant="primary">
              <CompareIcon />
              Compare
            </ButtonLink>
          ) : (
            <Button disabled>
              <CompareIcon />
              Compare
            </Button>
          )}
        </div>
      </div>

      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {data && items.length === 0 && offset === 0 ? (
          <EmptyState title="No scans yet" action={<NewLink href="/scans/new">New scan</NewLink>}>
            Start a scan to see what a site does before consent, after accept, after reject and with Global Privacy Control.
          </EmptyState>
        ) : (
          <div tabIndex={0} className="table-scroll">
            <table className="w-full text-sm" data-testid="scans-table">
              <caption className="sr-only">Your scans, newest first</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-800/40 dark:text-slate-400">
                <tr>
                  <th scope="col" className="w-10 px-3 py-2.5">
                    <span className="sr-only">Select for comparison</span>
                  </th>
                  <th scope="col" className="px-3 py-2.5">Target</th>
                  <th scope="col" className="px-3 py-2.5">Framework</th>
                  <th scope="col" className="px-3 py-2.5">Status</th>
                  <th scope="col" className="px-3 py-2.5">Started</th>
                  <th scope="col" className="px-3 py-2.5">Violations</th>
                  <th scope="col" className="px-3 py-2.5 text-right">Score</th>
                  <th scope="col" className="px-3 py-2.5 text-right">Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {!data
                  ? Array.from({ length: 3 }, (_, i) => (
                      <tr key={i}>
                        <td colSpan={8} className="px-3 py-3">
                          <div className="h-5 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
                        </td>
                      </tr>
                    ))
                  : items.map((s) => {
                      const checked = selected.includes(s.scan_id);
                      return (
                        <tr key={s.scan_id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                          <td className="px-3 py-3">
                            <input
                              type="checkbox"
                              aria-label={`Select scan of ${hostOf(s.url)} from ${formatDateTime(s.created_at)} for comparison`}
                              checked={checked}
                              disabled={s.status !== "complete"}
                              onChange={(e) => setSelected((sel) => (e.target.checked ? [...sel, s.scan_id].slice(-2) : sel.filter((x) => x !== s.scan_id)))}
                              className="size-4 accent-indigo-600"
                            />
                          </td>
                          <td className="max-w-xs px-3 py-3">
                            <Link href={`/scans/${s.scan_id}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-white">
                              {hostOf(s.url)}
                            </Link>
                            <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400" title={s.url}>
                              {s.url}
                            </span>
                          </td>
                          <td className="px-3 py-3">{s.framework}</td>
                          <td className="px-3 py-3">
                            <StatusBadge status={s.status} />
                          </td>
                          <td className="px-3 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">{formatDateTime(s.created_at)}</td>
                          <td className="px-3 py-3">
                            {s.summary ? (
                              <span className="flex items-center gap-3">
                                <span className="w-6 font-semibold tabular-nums">{s.summary.total_violations}</span>
                                <SeverityCounts counts={s.summary.severity_breakdown} />
                              </span>
                            ) : (
                              <span className="text-slate-600 dark:text-slate-400">—</span>
                            )}
                          </td>
                          <td className="px-3 py-3 text-right tabular-nums">
                            {s.summary?.compliance_score != null ? (
                              <span>
                                <span className="font-semibold">{Math.round(s.summary.compliance_score)}</span>
                                {s.summary.grade ? <span className="ml-1 text-slate-600 dark:text-slate-400">({s.summary.grade})</span> : null}
                              </span>
                            ) : (
                              <span className="text-slate-600 dark:text-slate-400">—</span>
                            )}
                          </td>
                          <td className="px-3 py-3">
                            <div className="flex justify-end gap-1">
                              {confirmDelete === s.scan_id ? (
                                <>
                                  <Button size="sm" variant="danger" onClick={() => void remove(s.scan_id)} disabled={busy === s.scan_id} autoFocus>
                                    Delete
                                  </Button>
                                  <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
                                    Keep
                                  </Button>
                                </>
                              ) : (
                                <>
                                  <Button size="sm" variant="ghost" onClick={() => void rerun(s)} disabled={busy === s.scan_id} aria-label={`Re-run scan of ${hostOf(s.url)}`} title="Re-run">
                                    <RefreshIcon />
                                    <span className="hidden xl:inline">Re-run</span>
                                  </Button>
                                  <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(s.scan_id)} aria-label={`Delete scan of ${hostOf(s.url)} from ${formatDateTime(s.created_at)}`} title="Delete">
                                    <TrashIcon />
                                  </Button>
                                </>
                              )}
                            </div>
                          </td>
                        </tr>
                      );
                    })}
              </tbody>
            </table>
          </div>
        )}
        {data && data.total > PAGE_SIZE ? (
          <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
            <span className="text-slate-600 dark:text-slate-400">
              {offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} of {data.total}
            </span>
            <span className="flex gap-2">
              <Button size="sm" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}>
                Newer
              </Button>
              <Button size="sm" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset((o) => o + PAGE_SIZE)}>
                Older
              </Button>
            </span>
          </nav>
        ) : null}
      </div>
    </div>
  );
}
