import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { Violation } from "@/lib/schemas/report";
import { formatMoney } from "@/lib/ui/format";
import { ViolationEvidence } from "./violation-evidence";

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h5 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{title}</h5>
      <div className="text-sm leading-relaxed text-slate-800 dark:text-slate-200">{children}</div>
    </div>
  );
}

function PenaltyLine({ v }: { v: Violation }) {
  const p = v.penalty;
  if (v.status === "inconclusive") return <>No fine: the evidence could not settle this finding.</>;
  if (!p || p.regime === "none") return <>No monetary penalty under this framework.</>;
  const range =
    p.regime === "per_violation"
      ? `${formatMoney(p.min, p.currency)} – ${formatMoney(p.max, p.currency)} per violation`
      : `Cap ${formatMoney(p.max, p.currency)}`;
  return (
    <>
      <span className="font-medium">{range}</span>
      {p.exposure !== null ? <> · exposure {formatMoney(p.exposure, p.currency)}</> : null}
      <span className="block text-slate-600 dark:text-slate-400">
        {p.basis} ({p.citation})
        {p.grouped_with ? ` Grouped with ${p.grouped_with} under one cap.` : ""}
      </span>
      {p.benchmark ? <span className="block text-xs text-slate-600 dark:text-slate-400">For context: {p.benchmark}</span> : null}
    </>
  );
}

/** What one violation means, what to do, and the evidence that proves it. */
export function ViolationDetails({ v, scanId }: { v: Violation; scanId: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <div className="space-y-4">
        <Block title="Citation">
          <span className="font-medium">{v.section}</span> — {v.rule_title}
          <span className="mt-1 flex flex-wrap gap-1">
            <Badge>{v.framework}</Badge>
            <Badge>confidence: {v.confidence}</Badge>
            {v.status === "inconclusive" ? <Badge tone="amber">inconclusive</Badge> : null}
          </span>
        </Block>
        <Block title="What happened">
          <p>{v.description}</p>
          {v.llm_explanation ? <p className="mt-2 text-slate-700 dark:text-slate-300">{v.llm_explanation}</p> : null}
        </Block>
        <Block title="Recommendation">
          <p>{v.recommendation}</p>
          {v.llm_technical_fix ? <pre className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs whitespace-pre-wrap dark:bg-slate-800">{v.llm_technical_fix}</pre> : null}
        </Block>
        <Block title="Potential fine">
          <PenaltyLine v={v} />
        </Block>
        {v.pages.length ? (
          <Block title={v.pages.length === 1 ? "Page" : `Pages (${v.pages.length})`}>
            <ul className="space-y-0.5">
              {v.pages.map((p) => (
                <li key={p} className="font-mono text-xs break-all">
                  <a href={p} target="_blank" rel="noreferrer noopener" className="underline decoration-slate-300 hover:decoration-slate-600">
                    {p}
                  </a>
                </li>
              ))}
            </ul>
          </Block>
        ) : null}
      </div>
      <div>
        <h5 className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Evidence</h5>
        <ViolationEvidence violation={v} scanId={scanId} />
      </div>
    </div>
  );
}
