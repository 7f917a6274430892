"use client";

import { useEffect, useState } from "react";
import type { EvidenceReport } from "@/lib/schemas/report";
import { ApiCallError, getScanReport } from "@/lib/ui/scan-api";

export type ReportLoad = { kind: "idle" } | { kind: "loading" } | { kind: "ok"; report: EvidenceReport } | { kind: "none"; message: string } | { kind: "invalid"; message: string };

/** Fetches GET /api/results/{id} once `enabled`; 425 (still finishing) is retried briefly. */
export function useScanReport(scanId: string, enabled: boolean, url = `/api/results/${encodeURIComponent(scanId)}`) {
  const [load, setLoad] = useState<ReportLoad>({ kind: "idle" });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: number | undefined;
    const attempt = async (n: number) => {
      setLoad((l) => (l.kind === "ok" ? l : { kind: "loading" }));
      try {
        const report = await getScanReport(url);
        if (live) setLoad({ kind: "ok", report });
      } catch (e) {
        if (!live) return;
        if (e instanceof ApiCallError && e.status === 425 && n < 10) {
          timer = window.setTimeout(() => void attempt(n + 1), 1000);
          return;
        }
        if (e instanceof ApiCallError && e.code === "invalid_response") setLoad({ kind: "invalid", message: e.message });
        else setLoad({ kind: "none", message: e instanceof Error ? e.message : "Could not reach the server." });
      }
    };
    void attempt(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [enabled, url]);
  return load;
}
