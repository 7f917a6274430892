import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { EvidenceReport } from "@/lib/schemas/report";
import { formatDateTime } from "@/lib/ui/format";
import { ConsentSignals } from "./consent-signals";
import { CookiesTable } from "./cookies-table";
import { CrawlMap } from "./crawl-map";
import { Downloads } from "./downloads";
import { FrameworkVerdicts } from "./framework-verdicts";
import { ObservationsList } from "./observations-list";
import { PolicyAnalysis } from "./policy-analysis";
import { RefusedLinks } from "./refused-links";
import { SummaryCards } from "./summary-cards";
import { TrackerMatrix, TrackersPerSessionChart } from "./tracker-matrix";
import { ConsentVerdictCard, GpcVerdictCard } from "./verdicts";
import { ViolationsTable } from "./violations-table";
import { describeVisitorIdentity } from "@/lib/schemas/visitor-identity";

const sections = [
  ["summary", "Summary"],
  ["frameworks", "Frameworks"],
  ["violations", "Violations"],
  ["trackers", "Trackers"],
  ["cookies", "Cookies"],
  ["crawl", "Crawl map"],
  ["policy", "Privacy policy"],
  ["downloads", "Downloads"],
] as const;

export function ReportView({ report, scanId, showDownloads = true }: { report: EvidenceReport; scanId: string; showDownloads?: boolean }) {
  const meta = report.report_metadata;
  // Reports stored before multi-framework scans have no framework_results (the client may not parse them).
  const frameworkResults = report.framework_results ?? [];
  const multiFramework = frameworkResults.length > 1;
  return (
    <div className="space-y-8" data-testid="report">
      <nav aria-label="Report sections" className="sticky top-16 z-20 -mx-4 border-b border-slate-200 bg-slate-50/95 px-4 py-2 backdrop-blur sm:-mx-6 sm:px-6 dark:border-slate-800 dark:bg-slate-950/95">
        <ul className="flex gap-1 overflow-x-auto text-sm">
          {sections
            .filter(([id]) => (showDownloads || id !== "downloads") && (id !== "frameworks" || multiFramework))
            .map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`} className="block rounded-md px-3 py-1.5 whitespace-nowrap text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800">
                  {label}
                </a>
              </li>
            ))}
        </ul>
      </nav>

      {meta.completeness === "partial" || meta.errors.length ? (
        <Notice tone="warning" title="Partial report: some steps did not complete">
          <ul className="list-disc pl-5">
            {meta.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
          Findings below rest only on the evidence that was collected.
        </Notice>
      ) : null}

      <section id="summary" aria-labelledby="summary-title" className="scroll-mt-32 space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="summary-title" className="text-lg font-semibold">
            Summary
          </h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {meta.framework_name} · {meta.jurisdiction} · generated {formatDateTime(meta.generated_at)}
          </p>
        </div>
        {meta.region ? (
          <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="report-region">
            Visitors from <strong>{meta.region.label}</strong>: {meta.region.locale}, {meta.region.timezone}, Accept-Language <code className="text-xs">{meta.region.accept_language}</code>
            {meta.region.via_region_proxy ? ", through the region's egress proxy" : ""}.
          </p>
        ) : null}
        {report.executive_summary ? <p className="max-w-4xl text-sm leading-relaxed text-slate-800 dark:text-slate-200">{report.executive_summary}</p> : null}
        <SummaryCards report={report} />
        <div className="grid gap-4 lg:grid-cols-2">
          <GpcVerdictCard verdict={report.gpc_verdict} />
          <ConsentVerdictCard verdict={report.consent_verdict} />
        </div>
        <ConsentSignals signals={report.consent_signals} />
      </section>

      {multiFramework ? (
        <Card id="frameworks" aria-labelledby="frameworks-title" className="scroll-mt-32 overflow-hidden">
          <CardHeader id="frameworks-title" title={`Verdict per framework (${frameworkResults.length})`} description="One crawl and one set of visitors, judged under each framework's rules, fines and score. The rest of the report is the primary framework's." />
          <FrameworkVerdicts results={frameworkResults} />
        </Card>
      ) : null}

      <Card id="violations" aria-labelledby="violations-title" className="scroll-mt-32 overflow-hidden">
        <CardHeader id="violations-title" title={`Violations (${report.violations.length})`} description="Sort by any column; open a row for the citation, the fix and the evidence that proves it." />
        <ViolationsTable violations={report.violations} scanId={scanId} />
      </Card>
      <ObservationsList observations={report.observations} />

      <Card id="trackers" aria-labelledby="trackers-title" className="scroll-mt-32 overflow-hidden">
        <CardHeader id="trackers-title" title={`Trackers (${report.trackers.length})`} description="Who fired in which visitor session. Marked cells fired without consent or despite a refusal." />
        <div className="grid gap-6 p-5 lg:grid-cols-[18rem_1fr]">
          <TrackersPerSessionChart trackers={report.trackers} />
          <div className="-mx-5 -my-5 lg:mx-0 lg:my-0">
            <TrackerMatrix trackers={report.trackers} />
          </div>
        </div>
      </Card>

      <Card id="cookies" aria-labelledby="cookies-title" className="scroll-mt-32 overflow-hidden">
        <CardHeader id="cookies-title" title={`Cookies (${report.cookies.length})`} description="Third-party and longest-lived first." />
        <CookiesTable cookies={report.cookies} />
      </Card>

      <Card id="crawl" aria-labelledby="crawl-title" className="scroll-mt-32 overflow-hidden">
        <CardHeader id="crawl-title" title={`Crawl map (${report.pages.length} pages)`} description="Pages by distance from the start page, riskiest first." />
        <CrawlMap pages={report.pages} />
        <RefusedLinks links={report.refused_links} />
      </Card>

      <Card id="policy" aria-labelledby="policy-title" className="scroll-mt-32 overflow-hidden">
        <CardHeader id="policy-title" title="Privacy policy analysis" description={`Disclosures ${meta.framework} requires, and the sentence that makes each one.`} />
        <PolicyAnalysis analysis={report.privacy_policy_analysis} />
      </Card>

      {showDownloads ? (
        <Card id="downloads" aria-labelledby="downloads-title" className="scroll-mt-32 overflow-hidden">
            <CardHeader id="downloads-title" title="Downloads and sharing" />
          <Downloads scanId={scanId} artifacts={report.artifacts} />
        </Card>
      ) : null}

      <p className="text-xs text-slate-600 dark:text-slate-400">
        Scanner {meta.scanner_version}
        {meta.browser_version ? ` · ${meta.browser_version}` : ""} · evidence v{meta.evidence_version} · {meta.fx_note} · Data: {meta.data_sources.map((d) => `${d.name}${d.version ? ` ${d.version}` : ""} (${d.licence})`).join("; ")}
      </p>
      {meta.visitor_identity ? <p className="text-xs text-slate-600 dark:text-slate-400">{describeVisitorIdentity(meta.visitor_identity)}</p> : null}
    </div>
  );
}
