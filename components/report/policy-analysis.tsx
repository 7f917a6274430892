import { Badge } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { PrivacyPolicyAnalysis } from "@/lib/schemas/report";

export function PolicyAnalysis({ analysis }: { analysis: PrivacyPolicyAnalysis }) {
  if (!analysis.analysed) {
    return (
      <div className="px-5 py-6 text-sm">
        <p className="font-medium">The privacy policy was not analysed.</p>
        <p className="mt-1 text-slate-600 dark:text-slate-400">{analysis.reason ?? (analysis.url ? "The policy page could not be read." : "No privacy policy was found from the home page.")}</p>
      </div>
    );
  }
  return (
    <div className="space-y-5 px-5 py-5">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <div className="w-64">
          <p className="mb-1 text-sm">
            <span className="text-2xl font-semibold tabular-nums">{Math.round(analysis.coverage)}%</span> of required disclosures found
          </p>
          <ProgressBar value={analysis.coverage} label="Disclosure coverage" tone={analysis.coverage >= 80 ? "green" : analysis.coverage >= 50 ? "indigo" : "red"} />
        </div>
        <div className="text-sm text-slate-600 dark:text-slate-400">
          {analysis.url ? (
            <a href={analysis.url} target="_blank" rel="noreferrer noopener" className="font-mono text-xs break-all underline">
              {analysis.url}
            </a>
          ) : null}
          <span className="block">Method: {analysis.method === "llm" ? "LLM (every quote verified against the policy text)" : "deterministic text matching"}</span>
          {analysis.language ? <span className="block">Language: {analysis.language}</span> : null}
        </div>
      </div>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
        {analysis.disclosures.map((d) => (
          <li key={d.id} className="flex gap-3 px-4 py-3 text-sm">
            <span aria-hidden="true" className={d.present ? "text-emerald-600 dark:text-emerald-400" : "text-rose-600 dark:text-rose-400"}>
              {d.present ? "✓" : "✕"}
            </span>
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {d.label} <span className="sr-only">{d.present ? "(found)" : "(missing)"}</span>
              </p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{d.citation}</p>
              {d.quote ? <blockquote className="mt-1 border-l-2 border-slate-300 pl-2 text-xs text-slate-700 italic dark:border-slate-600 dark:text-slate-300">“{d.quote}”</blockquote> : null}
            </div>
            {d.present ? <Badge tone="green">Found</Badge> : <Badge tone="red">Missing</Badge>}
          </li>
        ))}
      </ul>
    </div>
  );
}
