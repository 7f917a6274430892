"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CompareIcon, PlusIcon, RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import { compareSelection } from "@/lib/ui/compare-scans";
import { formatDateTime, hostOf } from "@/lib/ui/format";
import { apiErrorOf, isFinal, readScanList, type ScanListItem } from "@/lib/ui/scan-api";
import { SeverityCounts } from "./severity-counts";

const PAGE_SIZE = 20;

export function ScansTable() {
  const router = useRouter();
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ items: ScanListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await fetch(`/api/scans?limit=${PAGE_SIZE}&offset=${offset}`, { cache: "no-store" });
      if (res.status === 401) {
        router.replace("/login?callbackUrl=/scans");
        return;
      }
      if (!res.ok) throw new Error((await apiErrorOf(res)).message);
      setData(readScanList(await res.json()));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not load your scans.");
    }
  }, [offset, router]);

  useEffect(() => {
    // Initial fetch; the list is client-side because the browser talks only to /api/*.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  // Keep live rows moving without a manual refresh.
  const anyLive = data?.items.some((s) => !isFinal(s.status)) ?? false;
  useEffect(() => {
    if (!anyLive) return;
    const t = window.setInterval(() => void load(), 4000);
    return () => window.clearInterval(t);
  }, [anyLive, load]);

  async function rerun(s: ScanListItem) {
    setBusy(s.scanId);
    const res = await fetch("/api/scan", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: s.url, framework: s.framework }) }).catch(() => null);
    if (res?.ok) {
      const body = (await res.json()) as { scan_id: string };
      router.push(`/scans/${body.scan_id}`);
      return;
    }
    setBusy(null);
    setError(res ? (await apiErrorOf(res)).message : "Could not reach the server.");
  }

  async function remove(id: string) {
    setBusy(id);
    const res = await fetch(`/api/scans/${encodeURIComponent(id)}`, { method: "DELETE" }).catch(() => null);
    setBusy(null);
    setConfirmDelete(null);
    if (!res?.ok) {
      setError(res ? (await apiErrorOf(res)).message : "Could not reach the server.");
      return;
    }
    setSelected((sel) => sel.filter((x) => x !== id));
    void load();
  }

  const items = data?.items ?? [];
  const selection = compareSelection(items, selected);

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error" title={error} live /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {selection.kind === "ready"
            ? `Comparing ${hostOf(selection.older.url)}: ${formatDateTime(selection.older.createdAt)} → ${formatDateTime(selection.newer.createdAt)}`
            : selection.kind === "mismatch"
              ? selection.reason
              : "Select two completed scans of the same site to compare them."}
        </p>
        <div className="flex gap-2">
          {selection.kind === "ready" ? (
            <ButtonLink href={`/scans/compare?a=${selection.older.scanId}&b=${selection.newer.scanId}`} variant="primary">
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
          <EmptyState title="No scans yet" action={<ButtonLink href="/scans/new" variant="primary"><PlusIcon />New scan</ButtonLink>}>
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
                      const checked = selected.includes(s.scanId);
                      return (
                        <tr key={s.scanId} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                          <td className="px-3 py-3">
                            <input
                              type="checkbox"
                              aria-label={`Select scan of ${hostOf(s.url)} from ${formatDateTime(s.createdAt)} for comparison`}
                              checked={checked}
                              disabled={s.status !== "complete"}
                              onChange={(e) => setSelected((sel) => (e.target.checked ? [...sel, s.scanId].slice(-2) : sel.filter((x) => x !== s.scanId)))}
                              className="size-4 accent-indigo-600"
                            />
                          </td>
                          <td className="max-w-xs px-3 py-3">
                            <Link href={`/scans/${s.scanId}`} className="font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-white">
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
                          <td className="px-3 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">{formatDateTime(s.createdAt)}</td>
                          <td className="px-3 py-3">
                            {s.totalViolations !== null ? (
                              <span className="flex items-center gap-3">
                                <span className="w-6 font-semibold tabular-nums">{s.totalViolations}</span>
                                {s.severity ? <SeverityCounts counts={s.severity} /> : null}
                              </span>
                            ) : (
                              <span className="text-slate-600 dark:text-slate-400">—</span>
                            )}
                          </td>
                          <td className="px-3 py-3 text-right tabular-nums">
                            {s.score !== null ? (
                              <span>
                                <span className="font-semibold">{Math.round(s.score)}</span>
                                {s.grade ? <span className="ml-1 text-slate-600 dark:text-slate-400">({s.grade})</span> : null}
                              </span>
                            ) : (
                              <span className="text-slate-600 dark:text-slate-400">—</span>
                            )}
                          </td>
                          <td className="px-3 py-3">
                            <div className="flex justify-end gap-1">
                              {confirmDelete === s.scanId ? (
                                <>
                                  <Button size="sm" variant="danger" onClick={() => void remove(s.scanId)} disabled={busy === s.scanId} autoFocus>
                                    Delete
                                  </Button>
                                  <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
                                    Keep
                                  </Button>
                                </>
                              ) : (
                                <>
                                  <Button size="sm" variant="ghost" onClick={() => void rerun(s)} disabled={busy === s.scanId} aria-label={`Re-run scan of ${hostOf(s.url)}`} title="Re-run">
                                    <RefreshIcon />
                                    <span className="hidden xl:inline">Re-run</span>
                                  </Button>
                                  <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(s.scanId)} aria-label={`Delete scan of ${hostOf(s.url)} from ${formatDateTime(s.createdAt)}`} title="Delete">
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
