"use client";

import { useState } from "react";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import type { MonitorCreated } from "@/lib/schemas/monitor";
import { hostOf } from "@/lib/ui/format";
import { runInProgress } from "@/lib/ui/monitors";
import { DeliveryLog } from "./delivery-log";
import { MonitorActions } from "./monitor-actions";
import { MonitorSettings } from "./monitor-settings";
import { MonitorStateBadge } from "./monitor-state-badge";
import { RunList } from "./run-list";
import { TrendChart } from "./trend-chart";
import { useMonitor } from "./use-monitor";
import { WebhookSecretNotice } from "./webhook-secret-notice";

/** A monitor's page: settings and actions, the trend, the runs with their diffs, the webhook log. */
export function MonitorView({ monitorId }: { monitorId: string }) {
  const { load, reload } = useMonitor(monitorId);
  const [rotated, setRotated] = useState<MonitorCreated | null>(null);

  if (load.kind === "missing") {
    return (
      <Card>
        <EmptyState title="Monitor not found" action={<ButtonLink href="/monitors">Back to your monitors</ButtonLink>}>
          There is no monitor with this id in your account. Monitors are visible only to the person who created them.
        </EmptyState>
      </Card>
    );
  }
  if (load.kind === "failed") return <Notice tone="error" title="Could not load this monitor" live>{load.message}</Notice>;
  if (load.kind === "loading") {
    return (
      <div className="space-y-4" aria-busy="true">
        <div className="h-10 w-1/3 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
        <div className="h-40 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />
      </div>
    );
  }

  const { monitor, runs, deliveries } = load;
  const running = runInProgress(monitor, runs);
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <MonitorStateBadge enabled={monitor.enabled} />
            <span>Monitor</span>
          </span>
        }
        title={<span className="break-all">{monitor.name || hostOf(monitor.url)}</span>}
        description={<span className="font-mono text-xs break-all">{monitor.url}</span>}
        actions={<MonitorActions monitor={monitor} running={running} onChanged={() => void reload()} onSecret={setRotated} />}
      />
      {rotated?.webhook_secret ? <WebhookSecretNotice secret={rotated.webhook_secret} title="New webhook secret. Copy it now: it will not be shown again, and the old one no longer verifies." /> : null}
      <MonitorSettings monitor={monitor} now={now} />
      <TrendChart runs={runs} />
      <RunList runs={runs} />
      <DeliveryLog monitorId={monitor.monitor_id} hasWebhook={!!monitor.webhook_url} deliveries={deliveries} onSent={() => void reload()} />
    </div>
  );
}
