import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { ARTIFACT_CONTENT_TYPES, type ArtifactKind, type ScanArtifact } from "@/agents/types";

// When the engine process dies without an outcome, nobody lists what it wrote. The files are still
// in the scan's folder (screenshots, HAR and traffic logs of the visitors that finished, a partial
// evidence.json): this lists the ones the pipeline would have listed, by the names it gives them,
// so they are published with the failed scan as the pipeline's own partial results are.

const KINDS: Array<[RegExp, ArtifactKind]> = [
  [/^evidence\.json$/, "evidence"],
  [/^interaction_graph\.json$/, "interaction_graph"],
  [/^evidence_report\.json$/, "report_json"],
  [/^evidence_report\.html$/, "report_html"],
  [/^evidence_report\.pdf$/, "report_pdf"],
  [/^[a-z_]+\.har$/, "har"],
  [/^traffic_[a-z_]+\.json$/, "traffic"],
  [/^screenshots\/[^/]+\.png$/, "screenshot"],
  [/^evidence-manifest\.json$/, "manifest"],
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
    if (bytes > 0) found.push({ file, kind: match[1], contentType: ARTIFACT_CONTENT_TYPES[match[1]], bytes });
  }
  return found;
}
