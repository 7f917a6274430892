"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import type { Monitor } from "@/lib/schemas/monitor";
import { getMonitor } from "@/lib/ui/monitor-api";
import { ApiCallError } from "@/lib/ui/scan-api";
import { MonitorForm } from "./monitor-form";

/** Loads the monitor, then shows the form prefilled with it. */
export function EditMonitor({ monitorId, floorMinutes }: { monitorId: string; floorMinutes: number }) {
  const router = useRouter();
  const [monitor, setMonitor] = useState<Monitor | null>(null);
  const [error, setError] = useState<{ missing: boolean; message: string } | null>(null);

  useEffect(() => {
    let alive = true;
    getMonitor(monitorId).then(
      (m) => alive && setMonitor(m),
      (e: unknown) => {
        if (!alive) return;
        if (e instanceof ApiCallError && e.status === 401) router.replace(`/login?callbackUrl=${encodeURIComponent(`/monitors/${monitorId}/edit`)}`);
        else setError({ missing: e instanceof ApiCallError && (e.status === 404 || e.status === 403), message: e instanceof Error ? e.message : "Could not reach the server." });
      },
    );
    return () => {
      alive = false;
    };
  }, [monitorId, router]);

  if (error?.missing) {
    return (
      <Card>
        <EmptyState title="Monitor not found" action={<ButtonLink href="/monitors">Back to your monitors</ButtonLink>}>
          There is no monitor with this id in your account.
        </EmptyState>
      </Card>
    );
  }
  if (error) return <Notice tone="error" title="Could not load this monitor" live>{error.message}</Notice>;
  if (!monitor) return <div className="h-64 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" aria-busy="true" />;
  return <MonitorForm monitor={monitor} floorMinutes={floorMinutes} />;
}
