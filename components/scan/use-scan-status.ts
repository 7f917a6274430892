"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ScanStatusView } from "@/lib/schemas/api";
import { isFinalStatus } from "@/lib/schemas/scan";
import { ApiCallError, getScanStatus } from "@/lib/ui/scan-api";

export type StatusLoad = { kind: "loading" } | { kind: "ok"; status: ScanStatusView } | { kind: "missing" } | { kind: "failed"; message: string };

/** Polls GET /api/status/{id} while the scan is live (queue position and progress come from here). */
export function useScanStatus(scanId: string, intervalMs = 2000) {
  const router = useRouter();
  const [load, setLoad] = useState<StatusLoad>({ kind: "loading" });
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);
  const gone = useRef(false);

  const refresh = useCallback(async (): Promise<ScanStatusView | null> => {
    try {
      const status = await getScanStatus(scanId);
      if (alive.current) setLoad({ kind: "ok", status });
      return status;
    } catch (e) {
      // Network blip: keep the last known status; the next poll tries again.
      if (!(e instanceof ApiCallError) || e.status === 0) return null;
      if (e.status === 401) {
        router.replace(`/login?callbackUrl=${encodeURIComponent(`/scans/${scanId}`)}`);
      } else if (e.status === 404 || e.status === 403) {
        gone.current = true;
        if (alive.current) setLoad({ kind: "missing" });
      } else if (alive.current) {
        setLoad({ kind: "failed", message: e.message });
      }
      return null;
    }
  }, [scanId, router]);

  useEffect(() => {
    alive.current = true;
    const tick = async () => {
      const s = await refresh();
      if (!alive.current) return;
      if (!gone.current && (!s || !isFinalStatus(s.status))) timer.current = window.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    };
  }, [refresh, intervalMs]);

  return { load, refresh };
}
