"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { EvidenceReport } from "@/lib/schemas/report";
import { formatLifetime, sessionLabel } from "@/lib/ui/format";

type CookieEntry = EvidenceReport["cookies"][number];
const THIRTEEN_MONTHS_DAYS = 395;
const PAGE = 25;

export function CookiesTable({ cookies }: { cookies: CookieEntry[] }) {
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(
    () => [...cookies].sort((a, b) => (a.party === b.party ? (b.lifetime_days ?? 0) - (a.lifetime_days ?? 0) : a.party === "third" ? -1 : 1)),
    [cookies],
  );
  if (cookies.length === 0) return <p className="px-5 py-8 text-sm text-slate-600 dark:text-slate-400">No cookies were set in any session.</p>;
  const shown = showAll ? sorted : sorted.slice(0, PAGE);
  return (
    <div>
      <div tabIndex={0} className="table-scroll">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-800/40 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2.5">Name</th>
              <th scope="col" className="px-3 py-2.5">Domain</th>
              <th scope="col" className="px-3 py-2.5">Party</th>
              <th scope="col" className="px-3 py-2.5">Category</th>
              <th scope="col" className="px-3 py-2.5 text-right">Lifetime</th>
              <th scope="col" className="px-3 py-2.5">Set by</th>
              <th scope="col" className="px-3 py-2.5">Seen in</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {shown.map((c) => {
              const long = (c.lifetime_days ?? 0) > THIRTEEN_MONTHS_DAYS && c.category !== "essential";
              return (
                <tr key={`${c.domain}|${c.name}`}>
                  <td className="px-3 py-2 font-mono text-xs">{c.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{c.domain}</td>
                  <td className="px-3 py-2">{c.party === "third" ? <Badge tone="violet">Third</Badge> : <Badge>First</Badge>}</td>
                  <td className="px-3 py-2 text-slate-700 dark:text-slate-300">
                    {c.category.replace("_", " ")}
                    {c.entity ? <span className="block text-xs text-slate-600 dark:text-slate-400">{c.entity}</span> : null}
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                    {long ? (
                      <Badge tone="amber" title="Longer than 13 months">
                        <span aria-hidden="true">⚠</span>
                        {formatLifetime(c.lifetime_days)}
                        <span className="sr-only">, longer than 13 months</span>
                      </Badge>
                    ) : (
                      formatLifetime(c.lifetime_days)
                    )}
                  </td>
                  <td className="max-w-56 truncate px-3 py-2 font-mono text-xs" title={c.set_by ?? undefined}>
                    {c.set_by ?? "—"}
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-700 dark:text-slate-300">{c.sessions.map(sessionLabel).join(", ")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {sorted.length > PAGE ? (
        <div className="border-t border-slate-200 px-5 py-3 dark:border-slate-800">
          <button type="button" onClick={() => setShowAll((s) => !s)} className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300">
            {showAll ? "Show fewer" : `Show all ${sorted.length} cookies`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
