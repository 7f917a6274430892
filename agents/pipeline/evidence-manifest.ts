import { writeFile } from "node:fs/promises";
import type { Evidence } from "@/agents/evidence/schema";
import { rulesVersion } from "@/agents/rules/version";
import { describeFiles, EVIDENCE_MANIFEST_FILE, EVIDENCE_MANIFEST_VERSION, manifestBytes, sha256Hex, type EvidenceManifest } from "@/lib/evidence/manifest";
import { TOOL_VERSION } from "@/lib/evidence/tool-version";
import type { EvidenceReport } from "@/lib/schemas/report";
import type { ArtefactWriter } from "./artefacts";

/**
 * Writes evidence-manifest.json over every artefact written so far (report JSON, evidence, crawl
 * graph, HARs, traffic, screenshots) and returns its SHA-256, which the HTML and PDF then print.
 * No key here: the engine holds no secret; the server signs the bundle manifest that covers this file.
 */
export async function writeEvidenceManifest(out: ArtefactWriter, evidence: Evidence, report: EvidenceReport, now: Date = new Date()): Promise<string> {
  const m = report.report_metadata;
  const manifest: EvidenceManifest = {
    manifest_version: EVIDENCE_MANIFEST_VERSION,
    scan_id: m.scan_id,
    target_url: m.target_url,
    final_url: m.final_url,
    tool_version: TOOL_VERSION,
    scanner_version: m.scanner_version,
    browser_version: m.browser_version,
    rules_version: rulesVersion(),
    evidence_version: m.evidence_version,
    report_version: report.report_version,
    scan_started_at: evidence.started_at,
    scan_finished_at: evidence.finished_at,
    created_at: now.toISOString(),
    files: await describeFiles(out.outDir, out.list.filter((a) => a.file !== EVIDENCE_MANIFEST_FILE)),
  };
  const bytes = manifestBytes(manifest);
  await writeFile(out.path(EVIDENCE_MANIFEST_FILE), bytes);
  await out.add(EVIDENCE_MANIFEST_FILE, "manifest");
  return sha256Hex(bytes);
}
