import { z } from "zod";
import { renderReportHtml, type RenderOptions } from "@/agents/observability";
import type { EvidenceReport } from "@/lib/schemas/report";
import { toJunit } from "./junit";
import { toMarkdown, type MarkdownOptions } from "./markdown";
import { toSarif, type SarifOptions } from "./sarif";

/**
 * The report's output formats, one registry for the CLI (`--format`) and anything else that writes
 * a report to a file: each renders the same EvidenceReport, nothing re-analyses.
 */
export const OUTPUT_FORMATS = ["json", "sarif", "junit", "markdown", "html"] as const;
export const OutputFormatSchema = z.enum(OUTPUT_FORMATS);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

/** Options for every format; each reads its own (baselines pass the new fingerprints to both sarif and markdown). */
export type OutputOptions = SarifOptions & MarkdownOptions & { html?: RenderOptions };

export interface RenderedOutput {
  fileName: string;
  contentType: string;
  body: string;
}

const FORMATS: Record<OutputFormat, { fileName: string; contentType: string; render: (report: EvidenceReport, options: OutputOptions) => string }> = {
  json: { fileName: "apo-report.json", contentType: "application/json", render: (report) => `${JSON.stringify(report, null, 2)}\n` },
  // application/sarif+json is the media type IANA registered for SARIF.
  sarif: { fileName: "apo-report.sarif", contentType: "application/sarif+json", render: (report, options) => `${JSON.stringify(toSarif(report, options), null, 2)}\n` },
  junit: { fileName: "apo-junit.xml", contentType: "application/xml; charset=utf-8", render: (report) => toJunit(report) },
  markdown: { fileName: "apo-summary.md", contentType: "text/markdown; charset=utf-8", render: (report, options) => toMarkdown(report, options) },
  html: { fileName: "apo-report.html", contentType: "text/html; charset=utf-8", render: (report, options) => renderReportHtml(report, options.html) },
};

export function renderOutput(format: OutputFormat, report: EvidenceReport, options: OutputOptions = {}): RenderedOutput {
  const { fileName, contentType, render } = FORMATS[format];
  return { fileName, contentType, body: render(report, options) };
}

export { toJunit, toMarkdown, toSarif };
export type { MarkdownOptions, SarifOptions };
export type { SarifLog } from "./sarif";
