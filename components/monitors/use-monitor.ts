"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Monitor, MonitorRun, WebhookDelivery } from "@/lib/schemas/monitor";
import { getMonitor, listMonitorRuns, listWebhookDeliveries } from "@/lib/ui/monitor-api";
import { hasPendingDelivery, runInProgress } from "@/lib/ui/monitors";
import { ApiCallError } from "@/lib/ui/scan-api";

export type MonitorLoad =
  | { kind: "loading" }
  | { kind: "ok"; monitor: Monitor; runs: MonitorRun[]; deliveries: WebhookDelivery[] }
  | { kind: "missing" }
  | { kind: "failed"; message: string };

/** Fast while a run or a delivery is under way, slow otherwise so scheduled runs still appear. */
const BUSY_MS = 3000;
const IDLE_MS = 30_000;

/** The monitor, its runs and its deliveries, fetched together and polled. */
export function useMonitor(monitorId: string) {
  const router = useRouter();
  const [load, setLoad] = useState<MonitorLoad>({ kind: "loading" });
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);

  const refresh = useCallback(async (): Promise<MonitorLoad | null> => {
    try {
      const [monitor, runs, deliveries] = await Promise.all([getMonitor(monitorId), listMonitorRuns(monitorId), listWebhookDeliveries(monitorId)]);
      const next: MonitorLoad = { kind: "ok", monitor, runs, deliveries };
      if (alive.current) setLoad(next);
      return next;
    } catch (e) {
      // Network blip: keep what is shown; the next poll tries again.
      if (!(e instanceof ApiCallError) || e.status === 0) return null;
      let next: MonitorLoad;
      if (e.status === 401) {
        router.replace(`/login?callbackUrl=${encodeURIComponent(`/monitors/${monitorId}`)}`);
        return null;
      } else if (e.status === 404 || e.status === 403) next = { kind: "missing" };
      else next = { kind: "failed", message: e.message };
      if (alive.current) setLoad(next);
      return next;
    }
  }, [monitorId, router]);

  const kick = useRef<() => void>(() => undefined);

  useEffect(() => {
    alive.current = true;
    // Each tick supersedes any earlier one still waiting for its answer, so one loop runs.
    let generation = 0;
    const tick = async () => {
      const mine = ++generation;
      window.clearTimeout(timer.current);
      const state = await refresh();
      if (!alive.current || mine !== generation || state?.kind === "missing") return;
      const busy = state?.kind === "ok" && (runInProgress(state.monitor, state.runs) || hasPendingDelivery(state.deliveries));
      timer.current = window.setTimeout(() => void tick(), busy ? BUSY_MS : IDLE_MS);
    };
    kick.current = () => void tick();
    // Fetched client-side: the browser talks only to /api/*.
    void tick();
    return () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    };
  }, [refresh]);

  /** Refresh now (after an action) and poll at the pace the new state calls for. */
  const reload = useCallback(() => kick.current(), []);

  return { load, reload };
}
