import type { Evidence } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";
import { buildReport, type BuildOptions } from "./report/build-report";
import { withFrameworkResults } from "./report/framework-results";
import { renderHtml, type RenderOptions } from "./report/render-html";

/**
 * What the analysis needs besides the evidence; `llm` is unused here (see enrichReportWithLlm).
 * `frameworks`: every framework to judge (framework_results); default the primary alone.
 */
export type AnalyzeOptions = BuildOptions & { llm?: null; frameworks?: readonly Framework[] };

/**
 * The Observability agent: evidence in, report out. Pure and synchronous (TrackerDB loads once
 * from its bundled data file on first use); never touches the network.
 */
export function analyzeEvidence(evidence: Evidence, options: AnalyzeOptions): EvidenceReport {
  const { frameworks, llm: _llm, ...build } = options;
  return withFrameworkResults(buildReport(evidence, build), evidence, build, frameworks ?? [build.framework]);
}

/**
 * Self-contained printable HTML for a report. Screenshots are referenced by artefact file name
 * (relative URL) unless `inlineImages` maps a file name to a data: URI.
 */
export function renderReportHtml(report: EvidenceReport, options?: RenderOptions): string {
  return renderHtml(report, options);
}

export { EvidenceReportSchema } from "@/lib/schemas/report";
export { SCORE_FORMULA } from "./score";
export { TRACKERDB_CATEGORY_MAP } from "./trackers/category-map";
export type { RenderOptions };
export { enrichReportWithLlm } from "./enrich-with-llm";
export { syncPrimaryResult } from "./report/framework-results";
export { PRINT_PAGE, printContentWidthPx, printPdfOptions } from "./report/print-layout";
