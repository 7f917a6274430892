import type { EvidenceReport } from "@/lib/schemas/report";
import { cn } from "@/lib/ui/cn";
import { sessionLabel } from "@/lib/ui/format";

const sessions = ["pre_consent", "accept_all", "reject_all", "gpc"] as const;
type Tracker = EvidenceReport["trackers"][number];

// Firing where the visitor said no (or has not said yes) is the interesting cell, so it is marked.
function expectedSilent(session: (typeof sessions)[number], category: string): boolean {
  if (category === "essential" || category === "consent") return false;
  return session === "pre_consent" || session === "reject_all" || (session === "gpc" && (category === "advertising" || category === "social"));
}

function Cell({ count, flagged }: { count: number; flagged: boolean }) {
  if (count === 0) {
    return (
      <td className="px-3 py-2 text-center text-slate-500 dark:text-slate-400">
        <span aria-hidden="true">·</span>
        <span className="sr-only">none</span>
      </td>
    );
  }
  return (
    <td className="px-3 py-2 text-center">
      <span
        className={cn(
          "inline-flex min-w-12 items-center justify-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-semibold tabular-nums",
          flagged ? "bg-rose-100 text-rose-800 ring-1 ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800" : "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
        )}
      >
        {flagged ? <span aria-hidden="true">!</span> : null}
        {count}
        {flagged ? <span className="sr-only"> (fired without consent)</span> : null}
      </span>
    </td>
  );
}

/** Bars of tracker entities that fired in each session: the picture of "did the choice change anything". */
export function TrackersPerSessionChart({ trackers }: { trackers: Tracker[] }) {
  const nonEssential = trackers.filter((t) => t.category !== "essential" && t.category !== "consent");
  const counts = sessions.map((s) => ({ s, n: nonEssential.filter((t) => t.sessions[s] > 0).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  return (
    <figure>
      <figcaption className="mb-3 text-sm font-medium">Non-essential tracker entities firing, per visitor</figcaption>
      <div className="flex h-40 items-end gap-4" role="list">
        {counts.map(({ s, n }) => (
          <div key={s} role="listitem" className="flex flex-1 flex-col items-center gap-1" aria-label={`${sessionLabel(s)}: ${n} entities`}>
            <span className="text-sm font-semibold tabular-nums" aria-hidden="true">
              {n}
            </span>
            <div className="flex h-28 w-full max-w-16 items-end rounded-t-md bg-slate-100 dark:bg-slate-800" aria-hidden="true">
              <div
                className={cn("w-full rounded-t-md", s === "accept_all" ? "bg-slate-400 dark:bg-slate-500" : n > 0 ? "bg-rose-500 dark:bg-rose-400" : "bg-emerald-500")}
                style={{ height: `${Math.max(n > 0 ? 4 : 0, (n / max) * 100)}%` }}
              />
            </div>
            <span className="text-center text-xs text-slate-600 dark:text-slate-400" aria-hidden="true">
              {sessionLabel(s)}
            </span>
          </div>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Accept all is the baseline. Bars after a refusal or with GPC on should be at zero.</p>
    </figure>
  );
}

export function TrackerMatrix({ trackers }: { trackers: Tracker[] }) {
  if (trackers.length === 0) return <p className="px-5 py-8 text-sm text-slate-600 dark:text-slate-400">No third-party trackers were seen in any session.</p>;
  const rows = [...trackers].sort((a, b) => sessions.reduce((n, s) => n + b.sessions[s], 0) - sessions.reduce((n, s) => n + a.sessions[s], 0));
  return (
    <div tabIndex={0} className="table-scroll">
      <table className="w-full text-sm" data-testid="tracker-matrix">
        <caption className="sr-only">Requests per tracker entity in each visitor session; a mark means it fired without consent</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className="px-3 py-2.5 text-left text-xs font-semibold text-slate-600 dark:text-slate-400">
              Entity
            </th>
            <th scope="col" className="px-3 py-2.5 text-left text-xs font-semibold text-slate-600 dark:text-slate-400">
              Category
            </th>
            {sessions.map((s) => (
              <th key={s} scope="col" className="px-3 py-2.5 text-center text-xs font-semibold text-slate-600 dark:text-slate-400">
                {sessionLabel(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((t) => (
            <tr key={t.entity}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {t.entity}
                <span className="block max-w-64 truncate font-mono text-xs font-normal text-slate-600 dark:text-slate-400" title={t.domains.join(", ")}>
                  {t.domains.join(", ")}
                </span>
              </th>
              <td className="px-3 py-2 text-slate-700 dark:text-slate-300">{t.category.replace("_", " ")}</td>
              {sessions.map((s) => (
                <Cell key={s} count={t.sessions[s]} flagged={t.sessions[s] > 0 && expectedSilent(s, t.category)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
