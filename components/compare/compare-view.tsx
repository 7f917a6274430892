"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useScanReport } from "@/components/scan/use-scan-report";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { SeverityBadge } from "@/components/ui/severity-badge";
import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { diffViolations, sameSite } from "@/lib/ui/compare-scans";
import { formatDateTime, hostOf } from "@/lib/ui/format";

function ViolationList({ items, empty }: { items: Violation[]; empty: string }) {
  if (items.length === 0) return <p className="px-5 py-6 text-sm text-slate-600 dark:text-slate-400">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((v) => (
        <li key={v.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3 text-sm">
          <SeverityBadge severity={v.severity} />
          <span className="font-medium">{v.rule_title}</span>
          <span className="text-slate-600 dark:text-slate-400">{v.section}</span>
          <code className="text-xs text-slate-600 dark:text-slate-400">{v.violation_type}</code>
        </li>
      ))}
    </ul>
  );
}

function Delta({ label, before, after, better }: { label: string; before: number; after: number; better: "up" | "down" }) {
  const d = after - before;
  const good = d === 0 ? null : better === "up" ? d > 0 : d < 0;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">
        {before} <span aria-hidden="true">→</span>
        <span className="sr-only">to</span> {after}
      </p>
      <p className={`text-sm font-medium ${good === null ? "text-slate-600 dark:text-slate-400" : good ? "text-emerald-700 dark:text-emerald-400" : "text-rose-700 dark:text-rose-400"}`}>
        {d === 0 ? "No change" : `${d > 0 ? "+" : ""}${Math.round(d)} (${good ? "better" : "worse"})`}
      </p>
    </div>
  );
}

function Section({ title, tone, count, children }: { title: string; tone: string; count: number; children: ReactNode }) {
  return (
    <Card className="overflow-hidden">
      <CardHeader
        level={2}
        title={
          <span className="flex items-center gap-2">
            <span aria-hidden="true" className={tone}>
              ●
            </span>
            {title} ({count})
          </span>
        }
      />
      {children}
    </Card>
  );
}

function Comparison({ a, b, aId, bId }: { a: EvidenceReport; b: EvidenceReport; aId: string; bId: string }) {
  const diff = diffViolations(a.violations.filter((v) => v.status === "violation"), b.violations.filter((v) => v.status === "violation"));
  const ma = a.report_metadata;
  const mb = b.report_metadata;
  return (
    <div className="space-y-6">
      {!sameSite(ma.target_url, mb.target_url) ? <Notice tone="warning" title="These scans are of different sites">The comparison may not be meaningful.</Notice> : null}
      {ma.framework !== mb.framework ? <Notice tone="warning" title={`Different frameworks: ${ma.framework} and ${mb.framework}`}>Violations are judged under different laws, so some differences come from the law, not the site.</Notice> : null}
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <Link className="underline" href={`/scans/${aId}`}>
          Before: {formatDateTime(ma.generated_at)}
        </Link>{" "}
        →{" "}
        <Link className="underline" href={`/scans/${bId}`}>
          After: {formatDateTime(mb.generated_at)}
        </Link>
      </p>
      <div className="grid gap-4 sm:grid-cols-3">
        <Delta label="Violations" before={a.violation_summary.total} after={b.violation_summary.total} better="down" />
        <Delta label="Compliance score" before={Math.round(a.compliance_score.score)} after={Math.round(b.compliance_score.score)} better="up" />
        <Delta label="Tracker entities" before={a.trackers.length} after={b.trackers.length} better="down" />
      </div>
      <Section title="Fixed" tone="text-emerald-600" count={diff.fixed.length}>
        <ViolationList items={diff.fixed} empty="Nothing from the earlier scan has been fixed." />
      </Section>
      <Section title="New" tone="text-rose-600" count={diff.added.length}>
        <ViolationList items={diff.added} empty="No new violations." />
      </Section>
      <Section title="Unchanged" tone="text-slate-600 dark:text-slate-400" count={diff.unchanged.length}>
        <ViolationList items={diff.unchanged.map((u) => u.after)} empty="No violation persists from the earlier scan." />
      </Section>
    </div>
  );
}

export function CompareView({ a, b }: { a: string; b: string }) {
  const ra = useScanReport(a, true);
  const rb = useScanReport(b, true);
  for (const [r, id] of [[ra, a], [rb, b]] as const) {
    if (r.kind === "none" || r.kind === "invalid") return <Notice tone="error" title={`Scan ${id} has no report to compare`}>{r.message}</Notice>;
  }
  if (ra.kind !== "ok" || rb.kind !== "ok") return <p role="status" className="text-sm text-slate-600 dark:text-slate-400">Loading both reports…</p>;
  return (
    <>
      <h2 className="sr-only">Comparison of {hostOf(ra.report.report_metadata.target_url)}</h2>
      <Comparison a={ra.report} b={rb.report} aId={a} bId={b} />
    </>
  );
}
