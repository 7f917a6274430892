"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import type { Monitor, MonitorCreated } from "@/lib/schemas/monitor";
import { deleteMonitor, runMonitorNow, updateMonitor } from "@/lib/ui/monitor-api";
import { ApiCallError } from "@/lib/ui/scan-api";

/** Run now, pause or resume, edit, rotate the webhook secret, delete (with a confirmation). */
export function MonitorActions({ monitor, running, onChanged, onSecret }: { monitor: Monitor; running: boolean; onChanged: () => void; onSecret: (m: MonitorCreated) => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = monitor.monitor_id;

  async function act(name: string, fn: () => Promise<void>) {
    setBusy(name);
    setError(null);
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiCallError && e.code === "conflict") {
        setError("A run of this monitor is already in progress; runs never overlap.");
        onChanged(); // show that run, and keep "Run now" disabled until it ends
      } else setError(e instanceof Error ? e.message : "Could not reach the server.");
    } finally {
      setBusy(null);
    }
  }

  const runNow = () =>
    act("run", async () => {
      await runMonitorNow(id);
      onChanged();
    });
  const toggle = () =>
    act("toggle", async () => {
      await updateMonitor(id, { enabled: !monitor.enabled });
      onChanged();
    });
  const rotate = () =>
    act("rotate", async () => {
      const m = await updateMonitor(id, { rotate_webhook_secret: true });
      if (m.webhook_secret) onSecret({ ...m, webhook_secret: m.webhook_secret });
      onChanged();
    });
  const remove = () =>
    act("delete", async () => {
      await deleteMonitor(id);
      router.push("/monitors");
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button variant="primary" onClick={() => void runNow()} disabled={running || busy !== null} aria-describedby={running ? "run-now-note" : undefined}>
          <RefreshIcon />
          {busy === "run" ? "Starting…" : "Run now"}
        </Button>
        <Button onClick={() => void toggle()} disabled={busy !== null}>
          {monitor.enabled ? "Pause" : "Resume"}
        </Button>
        <ButtonLink href={`/monitors/${id}/edit`}>Edit</ButtonLink>
        {monitor.webhook_url ? (
          <Button variant="ghost" onClick={() => void rotate()} disabled={busy !== null}>
            Rotate webhook secret
          </Button>
        ) : null}
        {confirmDelete ? (
          <>
            <Button variant="danger" onClick={() => void remove()} disabled={busy !== null} autoFocus>
              Confirm: delete monitor
            </Button>
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={busy !== null}>
            <TrashIcon />
            Delete
          </Button>
        )}
      </div>
      {running ? (
        <p id="run-now-note" className="text-sm text-slate-600 dark:text-slate-400">
          A run is in progress: “Run now” is available again when it finishes.
        </p>
      ) : null}
      {error ? <Notice tone="error" title={error} live /> : null}
    </div>
  );
}
