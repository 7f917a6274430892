"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessageOf, isFinal, readStatus, type ScanStatusInfo } from "@/lib/ui/scan-api";

export type StatusLoad = { kind: "loading" } | { kind: "ok"; status: ScanStatusInfo } | { kind: "missing" } | { kind: "failed"; message: string };

/** Polls GET /api/status/{id} while the scan is live (queue position and progress come from here). */
export function useScanStatus(scanId: string, intervalMs = 2000) {
  const router = useRouter();
  const [load, setLoad] = useState<StatusLoad>({ kind: "loading" });
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);
  const gone = useRef(false);

  const refresh = useCallback(async (): Promise<ScanStatusInfo | null> => {
    try {
      const res = await fetch(`/api/status/${encodeURIComponent(scanId)}`, { cache: "no-store" });
      if (res.status === 401) {
        router.replace(`/login?callbackUrl=${encodeURIComponent(`/scans/${scanId}`)}`);
        return null;
      }
      if (res.status === 404 || res.status === 403) {
        gone.current = true;
        if (alive.current) setLoad({ kind: "missing" });
        return null;
      }
      if (!res.ok) {
        if (alive.current) setLoad({ kind: "failed", message: await errorMessageOf(res) });
        return null;
      }
      const status = readStatus(await res.json(), scanId);
      if (alive.current) setLoad({ kind: "ok", status });
      return status;
    } catch {
      // Network blip: keep the last known status; the next poll tries again.
      return null;
    }
  }, [scanId, router]);

  useEffect(() => {
    alive.current = true;
    const tick = async () => {
      const s = await refresh();
      if (!alive.current) return;
      if (!gone.current && (!s || !isFinal(s.status))) timer.current = window.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    };
  }, [refresh, intervalMs]);

  return { load, refresh };
}
