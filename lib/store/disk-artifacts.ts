import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import type { ArtifactBody, ArtifactStore } from "./artifact-store";

/** Artefacts stay where the engine wrote them: <dataDir>/scans/<scanId>/. */
export class DiskArtifactStore implements ArtifactStore {
  readonly kind = "disk" as const;
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, "scans");
  }

  workDir(scanId: string): string {
    return join(this.root, scanId);
  }

  async publish(): Promise<void> {}

  async read(scanId: string, file: string): Promise<ArtifactBody | null> {
    const base = this.workDir(scanId);
    const path = resolve(base, file);
    // Defence in depth: callers allow-list names, and the path must still stay inside the folder.
    if (!path.startsWith(base + sep)) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    return { body, bytes: info.size };
  }

  async remove(scanId: string): Promise<void> {
    await rm(this.workDir(scanId), { recursive: true, force: true });
  }
}
