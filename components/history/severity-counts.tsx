import { SeverityShape } from "@/components/ui/severity-badge";
import type { Severity } from "@/lib/schemas/report";
import { severityOrder } from "@/lib/ui/violations";

/** "▲3 ◆1 ●0" with shapes and an accessible sentence, for dense tables. */
export function SeverityCounts({ counts }: { counts: Record<Severity, number> }) {
  return (
    <span role="img" className="inline-flex items-center gap-2 text-xs tabular-nums" aria-label={`${counts.HIGH} high, ${counts.MEDIUM} medium, ${counts.LOW} low`}>
      {severityOrder.map((s) => (
        <span key={s} aria-hidden="true" className={`inline-flex items-center gap-0.5 ${counts[s] === 0 ? "text-slate-600 dark:text-slate-400" : "font-semibold"}`}>
          <SeverityShape severity={s} className={counts[s] === 0 ? "fill-slate-300 dark:fill-slate-600" : undefined} />
          {counts[s]}
        </span>
      ))}
    </span>
  );
}
