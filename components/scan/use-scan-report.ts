"use client";

import { useEffect, useState } from "react";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import { errorMessageOf } from "@/lib/ui/scan-api";

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
        const res = await fetch(url, { cache: "no-store" });
        if (!live) return;
        if (res.status === 425 && n < 10) {
          timer = window.setTimeout(() => void attempt(n + 1), 1000);
          return;
        }
        if (!res.ok) {
          setLoad({ kind: "none", message: await errorMessageOf(res) });
          return;
        }
        const parsed = EvidenceReportSchema.safeParse(await res.json());
        if (!live) return;
        setLoad(
          parsed.success
            ? { kind: "ok", report: parsed.data }
            : { kind: "invalid", message: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
        );
      } catch {
        if (live) setLoad({ kind: "none", message: "Could not reach the server." });
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
