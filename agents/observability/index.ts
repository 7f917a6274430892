import type { Evidence } from "@/agents/evidence/schema";
import type { EvidenceReport } from "@/lib/schemas/report";
import { buildReport, type BuildOptions } from "./report/build-report";
import { renderHtml, type RenderOptions } from "./report/render-html";

/** What the analysis needs besides the evidence; `llm` is unused here (see enrichReportWithLlm). */
export type AnalyzeOptions = BuildOptions & { llm?: null };

/**
 * The Observability agent: evidence in, report out. Pure and synchronous (TrackerDB loads once
 * from its bundled data file on first use); never touches the network.
 */
export function analyzeEvidence(evidence: Evidence, options: AnalyzeOptions): EvidenceReport {
  return buildReport(evidence, options);
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
