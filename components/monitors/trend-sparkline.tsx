import { describeTrend, sparklinePoints } from "@/lib/ui/monitors";

const W = 96;
const H = 24;

/** Score over the last runs as a small line; the values are in its accessible name. */
export function TrendSparkline({ scores }: { scores: readonly (number | null)[] }) {
  const points = sparklinePoints(scores, W, H);
  const label = describeTrend(scores);
  if (!points) return <span className="text-xs text-slate-600 dark:text-slate-400">No runs yet</span>;
  const last = [...scores].reverse().find((s): s is number => s !== null);
  return (
    <span className="inline-flex items-center gap-2">
      <svg role="img" aria-label={label} viewBox={`-2 -2 ${W + 4} ${H + 4}`} width={W} height={H} className="overflow-visible text-indigo-600 dark:text-indigo-400">
        <title>{label}</title>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinejoin="round" strokeLinecap="round" />
      </svg>
      <span aria-hidden="true" className="text-xs font-semibold tabular-nums">
        {last === undefined ? "" : Math.round(last)}
      </span>
    </span>
  );
}
