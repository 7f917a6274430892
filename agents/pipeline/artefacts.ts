import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ARTIFACT_CONTENT_TYPES, type ArtifactKind, type ScanArtifact } from "@/agents/types";

/** The scan's one artefact writer: every file it lists is in job.outDir, with its size. */
export class ArtefactWriter {
  readonly list: ScanArtifact[] = [];

  constructor(readonly outDir: string) {}

  path(file: string): string {
    return join(this.outDir, file);
  }

  has(file: string): boolean {
    return this.list.some((a) => a.file === file);
  }

  /** Lists a file another agent wrote (HAR, screenshots, traffic), once; a missing file is left out. */
  async add(file: string, kind: ArtifactKind): Promise<void> {
    const bytes = await stat(this.path(file)).then((s) => s.size).catch(() => -1);
    if (bytes >= 0 && !this.has(file)) this.list.push({ file, kind, contentType: ARTIFACT_CONTENT_TYPES[kind], bytes });
  }

  async writeJson(file: string, kind: ArtifactKind, value: unknown): Promise<void> {
    await writeFile(this.path(file), JSON.stringify(value, null, 2));
    await this.add(file, kind);
  }

  async writeText(file: string, kind: ArtifactKind, text: string): Promise<void> {
    await writeFile(this.path(file), text);
    await this.add(file, kind);
  }
}
