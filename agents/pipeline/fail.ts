import { ScanCancelledError, ScanEndError, toScanError } from "@/agents/scan-errors";
import { firstLine } from "@/agents/error-text";
import type { ScanError } from "@/lib/schemas/scan";
import type { ArtefactWriter } from "./artefacts";
import { buildEvidence, type ScanState } from "./scan-state";

/**
 * What ended the scan, as a typed ScanError: the abort's reason once the scan was cancelled or
 * timed out (the stage's own error is then a consequence), and the stage it happened in.
 */
export function failureOf(scan: ScanState, caught: unknown): ScanError {
  const reason = scan.signal.aborted ? scan.signal.reason : caught;
  const failure = toScanError(reason instanceof ScanEndError || !scan.outer.signal.aborted ? reason : new ScanCancelledError(), firstLine);
  scan.errors.push({ stage: failure.code === "cancelled" || failure.code === "timeout" ? "system" : stageOf(scan), message: failure.message });
  return failure;
}

/** Keeps what was gathered: evidence.json with completeness "partial" and the reason, and the crawl's graph. */
export async function keepPartialEvidence(scan: ScanState, out: ArtefactWriter): Promise<void> {
  try {
    scan.evidence = buildEvidence(scan, "partial");
    await out.writeJson("evidence.json", "evidence", scan.evidence);
    if (scan.discovery && !out.has("interaction_graph.json")) await out.writeJson("interaction_graph.json", "interaction_graph", scan.discovery.graph);
  } catch (error) {
    scan.outer.emit({ agent: "system", level: "ERROR", msg: `Could not write partial evidence: ${firstLine(error)}` });
  }
}

function stageOf(scan: ScanState): string {
  if (!scan.discovery) return "discovery";
  if (!scan.interaction) return "interaction";
  return "observability";
}
