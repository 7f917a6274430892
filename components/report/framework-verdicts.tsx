"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { Badge } from "@/components/ui/badge";
import type { FrameworkResult } from "@/lib/schemas/report";
import { cn } from "@/lib/ui/cn";
import { formatMoney, humanizeCode } from "@/lib/ui/format";

const severityTone = { HIGH: "red", MEDIUM: "amber", LOW: "blue" } as const;

function FrameworkPanel({ result }: { result: FrameworkResult }) {
  const s = result.violation_summary;
  const confirmed = result.violations.filter((v) => v.status === "violation");
  return (
    <div className="space-y-4 p-5">
      <dl className="grid gap-4 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Score</dt>
          <dd className="text-xl font-semibold" data-testid="framework-score">
            {result.compliance_score.score} ({result.compliance_score.grade})
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Violations</dt>
          <dd className="text-xl font-semibold">{s.total}</dd>
          <dd className="text-xs text-slate-600 dark:text-slate-400">
            HIGH {s.severity_breakdown.HIGH} · MEDIUM {s.severity_breakdown.MEDIUM} · LOW {s.severity_breakdown.LOW}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Inconclusive / observations</dt>
          <dd className="text-xl font-semibold">
            {s.inconclusive} / {s.observations}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600 dark:text-slate-400">Max potential penalty</dt>
          <dd className="text-xl font-semibold">{formatMoney(s.max_potential_penalty, s.penalty_currency, { compact: true })}</dd>
        </div>
      </dl>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <strong>GPC:</strong> {result.gpc_verdict.verdict.replace("_", " ")} · <strong>Consent:</strong> {result.consent_verdict.summary}
      </p>
      {confirmed.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Violations under {result.framework}</caption>
            <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-3">Severity</th>
                <th scope="col" className="py-1 pr-3">Finding</th>
                <th scope="col" className="py-1 pr-3">Rule</th>
                <th scope="col" className="py-1">Law</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {confirmed.map((v) => (
                <tr key={v.id}>
                  <td className="py-1.5 pr-3">
                    <Badge tone={severityTone[v.severity]}>{v.severity}</Badge>
                  </td>
                  <td className="py-1.5 pr-3">{humanizeCode(v.violation_type)}</td>
                  <td className="py-1.5 pr-3">{v.rule_title}</td>
                  <td className="py-1.5 text-slate-700 dark:text-slate-300">{v.section}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm">No violations under this framework.</p>
      )}
      {result.observations.length ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">Observations, not violations here: {result.observations.map((o) => humanizeCode(o.violation_type)).join(", ")}</p>
      ) : null}
    </div>
  );
}

/** A tab per framework the crawl was judged against (WAI-ARIA tabs: arrow keys, Home and End move between them). */
export function FrameworkVerdicts({ results }: { results: readonly FrameworkResult[] }) {
  const [active, setActive] = useState(0);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const select = (index: number) => {
    const next = (index + results.length) % results.length;
    setActive(next);
    tabs.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const moves: Record<string, number> = { ArrowRight: active + 1, ArrowLeft: active - 1, Home: 0, End: results.length - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(to);
  };
  return (
    <div data-testid="framework-verdicts">
      <div role="tablist" aria-label="Verdict per framework" className="flex gap-1 overflow-x-auto border-b border-slate-200 px-4 dark:border-slate-800">
        {results.map((r, i) => (
          <button
            key={r.framework}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            id={`fw-tab-${r.framework}`}
            role="tab"
            type="button"
            aria-selected={i === active}
            aria-controls={`fw-panel-${r.framework}`}
            tabIndex={i === active ? 0 : -1}
            onClick={() => setActive(i)}
            onKeyDown={onKeyDown}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-indigo-600",
              i === active ? "border-indigo-600 font-semibold text-indigo-800 dark:border-indigo-400 dark:text-indigo-200" : "border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300",
            )}
          >
            {r.framework}
            {r.primary ? " (primary)" : ""} · {r.violation_summary.total}
          </button>
        ))}
      </div>
      {results.map((r, i) => (
        <div key={r.framework} id={`fw-panel-${r.framework}`} role="tabpanel" aria-labelledby={`fw-tab-${r.framework}`} hidden={i !== active} tabIndex={0}>
          <FrameworkPanel result={r} />
        </div>
      ))}
    </div>
  );
}
