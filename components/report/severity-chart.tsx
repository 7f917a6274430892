import { SeverityShape, severityLabel } from "@/components/ui/severity-badge";
import type { Severity } from "@/lib/schemas/report";
import { severityOrder } from "@/lib/ui/violations";

const bar: Record<Severity, string> = { HIGH: "bg-rose-600 dark:bg-rose-500", MEDIUM: "bg-amber-500 dark:bg-amber-400", LOW: "bg-sky-500 dark:bg-sky-400" };

/** Horizontal bars; each row also says its number and label, so the chart is readable without colour. */
export function SeverityChart({ breakdown }: { breakdown: Record<Severity, number> }) {
  const max = Math.max(1, ...severityOrder.map((s) => breakdown[s]));
  return (
    <dl className="space-y-2" aria-label="Violations by severity">
      {severityOrder.map((s) => (
        <div key={s} className="grid grid-cols-[5.5rem_1fr_2rem] items-center gap-2 text-sm">
          <dt className="flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
            <SeverityShape severity={s} />
            {severityLabel(s)}
          </dt>
          <dd className="h-2.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
            <div className={`h-full rounded-full ${bar[s]}`} style={{ width: `${(breakdown[s] / max) * 100}%` }} />
          </dd>
          <dd className="text-right font-semibold tabular-nums">{breakdown[s]}</dd>
        </div>
      ))}
    </dl>
  );
}
