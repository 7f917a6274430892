import type { ReactNode } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import type { ConsentVerdict, GpcVerdict } from "@/lib/schemas/report";

type VerdictMeta = { tone: Tone; label: string; glyph: string };

const gpcMeta: Record<GpcVerdict["verdict"], VerdictMeta> = {
  honored: { tone: "green", label: "Honoured", glyph: "✓" },
  not_honored: { tone: "red", label: "Not honoured", glyph: "✕" },
  inconclusive: { tone: "amber", label: "Inconclusive", glyph: "?" },
  not_applicable: { tone: "neutral", label: "Not applicable", glyph: "–" },
};
const rejectMeta: Record<ConsentVerdict["reject_honored"], VerdictMeta> = {
  yes: { tone: "green", label: "Reject honoured", glyph: "✓" },
  no: { tone: "red", label: "Reject ignored", glyph: "✕" },
  inconclusive: { tone: "amber", label: "Inconclusive", glyph: "?" },
  not_tested: { tone: "neutral", label: "Not tested", glyph: "–" },
};

function yesNo(v: boolean | null, yes: string, no: string, unknown = "Could not tell"): string {
  return v === null ? unknown : v ? yes : no;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-t border-slate-100 py-1.5 text-sm first:border-t-0 dark:border-slate-800">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="text-right font-medium">{children}</dd>
    </div>
  );
}

function VerdictCard({ title, meta, summary, children, id }: { title: string; meta: VerdictMeta; summary: string; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-3">
        <h3 id={id} className="font-semibold">
          {title}
        </h3>
        <Badge tone={meta.tone}>
          <span aria-hidden="true">{meta.glyph}</span>
          {meta.label}
        </Badge>
      </div>
      <p className="mt-2 text-sm leading-relaxed text-slate-800 dark:text-slate-200">{summary}</p>
      <dl className="mt-4">{children}</dl>
    </section>
  );
}

export function GpcVerdictCard({ verdict }: { verdict: GpcVerdict }) {
  const m = gpcMeta[verdict.verdict];
  return (
    <VerdictCard
      id="gpc-verdict"
      title="Global Privacy Control"
      summary={verdict.summary}
      meta={m}
    >
      <Fact term="Trackers still firing with GPC on">{verdict.domains_ignoring_gpc.length ? verdict.domains_ignoring_gpc.length : "None"}</Fact>
      <Fact term="Site's own opt-out signal (US Privacy)">
        {yesNo(verdict.signals_after?.usprivacy_opted_out ?? null, "Opted out", "Not opted out", "Not set")}
        {verdict.signals_after?.usprivacy ? <span className="ml-1 font-mono text-xs text-slate-600 dark:text-slate-400">{verdict.signals_after.usprivacy}</span> : null}
      </Fact>
      <Fact term="/.well-known/gpc.json">{verdict.well_known ? (verdict.well_known.gpc ? "Declares GPC support" : verdict.well_known.status === 200 ? "Present, no support declared" : "Not published") : "Not checked"}</Fact>
      {verdict.domains_ignoring_gpc.length ? (
        <div className="border-t border-slate-100 pt-2 dark:border-slate-800">
          <dt className="sr-only">Domains ignoring GPC</dt>
          <dd className="flex flex-wrap gap-1">
            {verdict.domains_ignoring_gpc.slice(0, 12).map((d) => (
              <span key={d} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
                {d}
              </span>
            ))}
            {verdict.domains_ignoring_gpc.length > 12 ? <span className="text-xs text-slate-600 dark:text-slate-400">+{verdict.domains_ignoring_gpc.length - 12} more</span> : null}
          </dd>
        </div>
      ) : null}
      {verdict.reasons.length ? (
        <div className="border-t border-slate-100 pt-2 dark:border-slate-800">
          <dt className="sr-only">Reasons</dt>
          <dd>
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
              {verdict.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
    </VerdictCard>
  );
}

export function ConsentVerdictCard({ verdict }: { verdict: ConsentVerdict }) {
  const m: VerdictMeta = verdict.banner_found ? rejectMeta[verdict.reject_honored] : { tone: "red", label: "No banner", glyph: "✕" };
  return (
    <VerdictCard
      id="consent-verdict"
      title="Consent banner"
      summary={verdict.summary}
      meta={m}
    >
      <Fact term="Banner found">{verdict.banner_found ? `Yes${verdict.cmp ? ` (${verdict.cmp})` : ""}` : "No"}</Fact>
      <Fact term="Reject on the first layer">{yesNo(verdict.reject_on_first_layer, "Yes", "No")}</Fact>
      <Fact term="Clicks to accept / reject">
        {verdict.clicks_to_accept ?? "?"} / {verdict.clicks_to_reject ?? "?"}
      </Fact>
      <Fact term="Pre-ticked purposes">{verdict.preticked.length ? verdict.preticked.join(", ") : "None"}</Fact>
      {verdict.banner_container && verdict.banner_container.kind !== "document" ? (
        <Fact term="Banner lives in">
          {verdict.banner_container.kind === "frame" ? `Frame: ${verdict.banner_container.frame_url ?? "?"}` : `Shadow root of ${verdict.banner_container.shadow_host ?? "?"}`}
          {verdict.banner_container.shadow_mode === "closed" ? " (closed)" : ""}
        </Fact>
      ) : null}
    </VerdictCard>
  );
}
