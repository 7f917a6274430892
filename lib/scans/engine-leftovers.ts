import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactKind, ScanArtifact } from "@/agents/types";

// When the engine process dies without an outcome, nobody lists what it wrote. The files are still
// in the scan's folder (screenshots, HAR and traffic logs of the visitors that finished, a partial
// evidence.json): this lists the ones the pipeline would have listed, by the names it gives them,
// so they are published with the failed scan as the pipeline's own partial results are.

const KINDS: Array<[RegExp, ArtifactKind, string]> = [
  [/^evidence\.json$/, "evidence", "application/json"],
  [/^interaction_graph\.json$/, "interaction_graph", "application/json"],
  [/^evidence_report\.json$/, "report_json", "application/json"],
  [/^evidence_report\.html$/, "report_html", "text/html; charset=utf-8"],
  [/^evidence_report\.pdf$/, "report_pdf", "application/pdf"],
  [/^[a-z_]+\.har$/, "har", "application/json"],
  [/^traffic_[a-z_]+\.json$/, "traffic", "application/json"],
  [/^screenshots\/[^/]+\.png$/, "screenshot", "image/png"],
];

export async function listLeftoverArtifacts(outDir: string): Promise<ScanArtifact[]> {
  const names = [
    ...(await readdir(outDir).catch(() => [] as string[])),
    ...(await readdir(join(outDir, "screenshots")).catch(() => [] as string[])).map((f) => `screenshots/${f}`),
  ];
  const found: ScanArtifact[] = [];
  for (const file of names.sort()) {
    const match = KINDS.find(([pattern]) => pattern.test(file));
    if (!match) continue;
    const bytes = await stat(join(outDir, file)).then((s) => (s.isFile() ? s.size : 0)).catch(() => 0);
    if (bytes > 0) found.push({ file, kind: match[1], contentType: match[2], bytes });
  }
  return found;
}
