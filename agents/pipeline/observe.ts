import { readFile } from "node:fs/promises";
import { openBrowserSession, type ScanBrowser } from "@/agents/browser";
import { analyzeEvidence, enrichReportWithLlm, printPdfOptions, renderReportHtml, syncPrimaryResult } from "@/agents/observability";
import type { EngineSettingsInput } from "@/agents/settings";
import { firstLine } from "@/agents/error-text";
import type { EvidenceReport } from "@/lib/schemas/report";
import { scanFrameworks } from "@/lib/schemas/scan-request";
import type { ArtefactWriter } from "./artefacts";
import { writeEvidenceManifest } from "./evidence-manifest";
import { scanBrowserOf, type ScanState } from "./scan-state";

/** Observe: evidence in, report out (JSON, HTML and, unless skipped, the PDF). Pure but for the PDF. */
export async function observe(scan: ScanState, out: ArtefactWriter): Promise<EvidenceReport> {
  const { job, options, ctx, llm } = scan;
  const { request } = job;
  const evidence = scan.evidence;
  if (!evidence) throw new Error("observe runs after the evidence is written");
  ctx.emit({ agent: "observability", level: "INFO", msg: "Analysing evidence", progress: 10 });
  let built = analyzeEvidence(evidence, {
    framework: request.framework,
    frameworks: scanFrameworks(request),
    affectedConsumers: request.affected_consumers,
    annualTurnover: request.annual_turnover,
    scanId: job.scanId,
    attempt: job.attempt,
    artifacts: [
      ...out.list.map((a) => ({ file: a.file, kind: a.kind })),
      { file: "evidence_report.json", kind: "report_json" },
      { file: "evidence_report.html", kind: "report_html" },
      ...(options.skipPdf ? [] : [{ file: "evidence_report.pdf", kind: "report_pdf" }]),
    ],
  });
  if (request.use_llm) ctx.emit({ agent: "observability", level: "INFO", msg: llm ? "Asking the language model for policy analysis and explanations" : "LLM requested but no key is configured", progress: 40 });
  built = await enrichReportWithLlm(built, evidence, llm, request.use_llm ? "no API key" : "use_llm is false").catch((error: unknown) => {
    ctx.emit({ agent: "observability", level: "WARNING", msg: `LLM step skipped: ${firstLine(error)}` });
    return built;
  });
  built = syncPrimaryResult(built);
  await out.writeJson("evidence_report.json", "report_json", built);
  const manifestHash = await writeEvidenceManifest(out, evidence, built);
  await out.writeText("evidence_report.html", "report_html", renderReportHtml(built, { manifestHash }));
  if (!options.skipPdf) {
    ctx.emit({ agent: "observability", level: "INFO", msg: "Printing the PDF report", progress: 80 });
    const inlineImages: Record<string, string> = {};
    for (const shot of out.list.filter((a) => a.kind === "screenshot")) {
      inlineImages[shot.file] = `data:image/png;base64,${(await readFile(out.path(shot.file))).toString("base64")}`;
    }
    const head = { site: built.report_metadata.target_url, scanId: built.report_metadata.scan_id };
    await printPdf(scanBrowserOf(scan), scan.settings, renderReportHtml(built, { inlineImages, manifestHash }), head, out.path("evidence_report.pdf")).catch((error: unknown) => {
      scan.errors.push({ stage: "observability.pdf", message: firstLine(error) });
      ctx.emit({ agent: "observability", level: "WARNING", msg: `PDF not written: ${firstLine(error)}` });
    });
    await out.add("evidence_report.pdf", "report_pdf");
  }
  const s = built.violation_summary;
  ctx.emit({
    agent: "observability",
    level: "SUCCESS",
    msg: `${s.total} violation(s) (HIGH ${s.severity_breakdown.HIGH}, MEDIUM ${s.severity_breakdown.MEDIUM}, LOW ${s.severity_breakdown.LOW}), score ${built.compliance_score.score} (${built.compliance_score.grade})`,
    progress: 100,
  });
  return built;
}

/**
 * Chromium prints the HTML report in a context of the scan's browser (or, when that one is gone,
 * a browser of its own); the page is offline: an inline report needs no network.
 */
async function printPdf(scanBrowser: ScanBrowser | undefined, settings: EngineSettingsInput, html: string, head: { site: string; scanId: string }, path: string): Promise<void> {
  const session = scanBrowser && !scanBrowser.closed ? await scanBrowser.openVisitor() : await openBrowserSession({ settings });
  try {
    const page = await session.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load", timeout: 20_000 });
    // A4 with running header (site, scan) and footer (page n of m); print-layout.ts keeps these margins and the report's @page rule equal.
    await page.pdf({ path, ...printPdfOptions(head) });
  } finally {
    await session.close();
  }
}
