"use client";

import { useCallback, useMemo } from "react";
import { Downloads } from "@/components/report/downloads";
import { ReportView } from "@/components/report/report-view";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RefreshIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ScanStatusView } from "@/lib/schemas/api";
import { isFinalStatus } from "@/lib/schemas/scan";
import { deriveLanes } from "@/lib/ui/event-log";
import { formatDateTime, hostOf } from "@/lib/ui/format";
import { frameworkName } from "@/lib/ui/frameworks";
import { AgentConsole } from "./agent-console";
import { AgentLanes } from "./agent-lanes";
import { CancelScanButton } from "./cancel-scan-button";
import { ScanOutcomeNotice } from "./scan-outcome-notice";
import { useScanReport } from "./use-scan-report";
import { useScanStatus } from "./use-scan-status";
import { useScanStream } from "./use-scan-stream";

function rerunHref(s: ScanStatusView): string {
  return `/scans/new?${new URLSearchParams({ url: s.url, framework: s.framework }).toString()}`;
}

/**
 * The scan page's one client leaf: live lanes and console while the scan runs, then the report
 * in place when it completes (no reload), or an explanation plus the partial evidence if not.
 */
export function ScanView({ scanId, maxAttempts }: { scanId: string; maxAttempts?: number }) {
  const { load, refresh } = useScanStatus(scanId);
  const onDone = useCallback(() => void refresh(), [refresh]);
  const { lines, state, reconnects } = useScanStream(scanId, onDone);
  const status = load.kind === "ok" ? load.status : null;
  const final = status ? isFinalStatus(status.status) : false;
  const report = useScanReport(scanId, final);
  const lanes = useMemo(() => deriveLanes(lines, status?.progress ?? {}, status?.status ?? "queued"), [lines, status]);

  if (load.kind === "missing") {
    return (
      <Card>
        <EmptyState title="Scan not found" action={<ButtonLink href="/scans">Back to your scans</ButtonLink>}>
          There is no scan with this id in your account. Scans are visible only to the person who started them.
        </EmptyState>
      </Card>
    );
  }
  if (load.kind === "failed") return <Notice tone="error" title="Could not load this scan" live>{load.message}</Notice>;
  if (!status) {
    return (
      <div className="space-y-4" aria-busy="true">
        <div className="h-10 w-1/3 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
        <div className="h-40 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />
      </div>
    );
  }

  const live = !final;
  const consoleBlock = <AgentConsole lines={lines} state={state} reconnects={reconnects} heightClass={live ? "h-[28rem]" : "h-80"} />;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={status.status} />
            <span>{frameworkName(status.framework)}</span>
            <span>· started {formatDateTime(status.created_at)}</span>
            {status.attempt > 1 ? (
              <span title="The server first running this scan stopped; another one ran it again from the start.">
                · attempt {status.attempt}
                {maxAttempts ? ` of ${Math.max(maxAttempts, status.attempt)}` : ""}
              </span>
            ) : null}
          </span>
        }
        title={<span className="break-all">{hostOf(status.url)}</span>}
        description={
          <span className="font-mono text-xs">
            {status.url} · id {scanId}
          </span>
        }
        actions={
          live ? (
            <CancelScanButton scanId={scanId} onCancelled={() => void refresh()} />
          ) : (
            <ButtonLink href={rerunHref(status)}>
              <RefreshIcon />
              Re-run
            </ButtonLink>
          )
        }
      />

      {status.status === "queued" ? (
        <Notice tone="info" title={status.queue_position !== null ? `Queued: position ${status.queue_position} in line` : "Queued"} live>
          The scan starts as soon as a browser slot is free. You can leave this page; it keeps going.
        </Notice>
      ) : null}
      <ScanOutcomeNotice status={status} />

      {live || status.status !== "complete" ? (
        <section aria-label="Agent progress" className="space-y-4">
          <AgentLanes lanes={lanes} />
          {consoleBlock}
        </section>
      ) : null}

      {report.kind === "ok" ? <ReportView report={report.report} scanId={scanId} /> : null}
      {report.kind === "loading" ? <p className="text-sm text-slate-600 dark:text-slate-400" role="status">Loading the report…</p> : null}
      {report.kind === "invalid" ? (
        <Notice tone="error" title="The report could not be displayed">
          {report.message} Download the JSON below to read it.
        </Notice>
      ) : null}
      {final && report.kind !== "ok" && report.kind !== "loading" ? (
        <Card>
          <CardHeader title="Evidence collected" description={status.status === "complete" ? undefined : "Partial: the scan stopped before the report was complete."} />
          <Downloads scanId={scanId} artifacts={status.artifacts} complete={status.status === "complete"} />
        </Card>
      ) : null}

      {status.status === "complete" ? (
        <details className="group">
          <summary className="cursor-pointer rounded-md py-2 text-sm font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-300">
            Agent log ({lines.length} lines)
          </summary>
          <div className="mt-2">{consoleBlock}</div>
        </details>
      ) : null}
    </div>
  );
}
