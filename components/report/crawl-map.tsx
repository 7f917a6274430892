import { Badge } from "@/components/ui/badge";
import type { EvidenceReport } from "@/lib/schemas/report";
import { cn } from "@/lib/ui/cn";
import { pathOf } from "@/lib/ui/format";

type PageEntry = EvidenceReport["pages"][number];

function riskTone(score: number): "red" | "amber" | "green" {
  return score >= 7 ? "red" : score >= 4 ? "amber" : "green";
}

/** Pages by crawl depth, left to right: how far from the home page each privacy-relevant page sits. */
export function CrawlMap({ pages }: { pages: PageEntry[] }) {
  if (pages.length === 0) return <p className="px-5 py-8 text-sm text-slate-600 dark:text-slate-400">No pages were crawled.</p>;
  const depths = [...new Set(pages.map((p) => p.depth))].sort((a, b) => a - b);
  return (
    <div tabIndex={0} className="table-scroll">
      <ol className="flex min-w-max gap-4 p-5" aria-label="Pages by crawl depth">
        {depths.map((d) => {
          const atDepth = pages.filter((p) => p.depth === d).sort((a, b) => b.risk_score - a.risk_score);
          return (
            <li key={d} className="w-72 shrink-0">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
                {d === 0 ? "Start page" : `Depth ${d}`} · {atDepth.length}
              </h3>
              <ul className="space-y-2">
                {atDepth.map((p) => (
                  <li key={p.url} className={cn("rounded-lg border bg-white p-3 text-sm dark:bg-slate-950", p.status && p.status >= 400 ? "border-rose-300 dark:border-rose-800" : "border-slate-200 dark:border-slate-700")}>
                    <p className="truncate font-medium" title={p.title}>
                      {p.title || "Untitled"}
                    </p>
                    <p className="truncate font-mono text-xs text-slate-600 dark:text-slate-400" title={p.url}>
                      {pathOf(p.url)}
                    </p>
                    <div className="mt-2 flex flex-wrap gap-1">
                      <Badge>{p.purpose}</Badge>
                      <Badge tone={riskTone(p.risk_score)} title="Privacy risk score, 0–10">
                        risk {p.risk_score.toFixed(0)}/10
                      </Badge>
                      {p.status && p.status >= 400 ? <Badge tone="red">HTTP {p.status}</Badge> : null}
                      {p.forms.length ? (
                        <Badge tone={p.forms.some((f) => f.insecure) ? "red" : "neutral"}>
                          {p.forms.length} form{p.forms.length === 1 ? "" : "s"}
                          {p.forms.some((f) => f.insecure) ? " · insecure" : ""}
                        </Badge>
                      ) : null}
                    </div>
                    {p.forms.some((f) => f.pii_fields.length) ? (
                      <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">Collects: {[...new Set(p.forms.flatMap((f) => f.pii_fields))].join(", ")}</p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
