import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import type { Monitor } from "@/lib/schemas/monitor";
import { isFinalStatus } from "@/lib/schemas/scan";
import { formatDateTime } from "@/lib/ui/format";
import { frameworkName } from "@/lib/ui/frameworks";
import { alertOnLabels, formatInterval, formatRelative, nextRunLabel } from "@/lib/ui/monitors";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

/** What the monitor does and when it runs next. */
export function MonitorSettings({ monitor: m, now }: { monitor: Monitor; now: Date }) {
  return (
    <Card aria-labelledby="settings-heading">
      <CardHeader id="settings-heading" title="Settings" />
      <dl className="grid gap-4 p-5 sm:grid-cols-2 lg:grid-cols-4">
        <Item term="Frameworks">{m.frameworks.map(frameworkName).join(", ") || frameworkName(m.framework)}</Item>
        <Item term="Region">{m.region ?? "Default for the framework"}</Item>
        <Item term="Crawl">
          Depth {m.crawl_depth}
          {m.max_pages !== null ? `, up to ${m.max_pages} pages` : ", default page budget"}
        </Item>
        <Item term="Interval">
          {formatInterval(m.interval_minutes)} ({m.interval_minutes} min)
        </Item>
        <Item term="Next run">
          {nextRunLabel(m, now)}
          {m.enabled && m.next_run_at ? <span className="block text-xs text-slate-600 dark:text-slate-400">{formatDateTime(m.next_run_at)}</span> : null}
        </Item>
        <Item term="Last run">
          {!m.last_run ? "None yet" : isFinalStatus(m.last_run.status) ? formatRelative(m.last_run.finished_at ?? m.last_run.created_at, now) : `In progress, started ${formatRelative(m.last_run.created_at, now)}`}
        </Item>
        <Item term="Webhook">{m.webhook_url ? <span className="font-mono text-xs break-all">{m.webhook_url}</span> : "None"}</Item>
        <Item term="Webhook sent after">{m.webhook_url ? alertOnLabels[m.alert_on].label : "—"}</Item>
      </dl>
    </Card>
  );
}
