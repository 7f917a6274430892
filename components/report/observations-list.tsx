import { SeverityBadge } from "@/components/ui/severity-badge";
import { Badge } from "@/components/ui/badge";
import type { Observation } from "@/lib/schemas/report";

/** Findings that are not violations under the chosen framework, with the reason why. */
export function ObservationsList({ observations }: { observations: Observation[] }) {
  if (observations.length === 0) return null;
  return (
    <details className="group rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer list-none px-5 py-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span className="font-semibold">Observations ({observations.length})</span>
        <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">Behaviour seen that this framework does not treat as a violation.</span>
        <span aria-hidden="true" className="float-right transition-transform group-open:rotate-90">
          ›
        </span>
      </summary>
      <ul className="divide-y divide-slate-100 border-t border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {observations.map((o) => (
          <li key={o.id} className="px-5 py-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={o.severity} />
              <span className="font-medium">{o.rule_title}</span>
              <code className="text-xs text-slate-600 dark:text-slate-400">{o.violation_type}</code>
              {o.status === "inconclusive" ? <Badge tone="amber">? Inconclusive</Badge> : null}
            </div>
            <p className="mt-1 text-slate-700 dark:text-slate-300">{o.description}</p>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Why not a violation: {o.reason}</p>
          </li>
        ))}
      </ul>
    </details>
  );
}
