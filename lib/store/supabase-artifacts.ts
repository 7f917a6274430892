import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import ws from "ws";
import type { ScanArtifact } from "@/agents/types";
import type { ArtifactBody, ArtifactStore } from "./artifact-store";

/**
 * Artefacts in a Supabase Storage bucket, under <scanId>/<file>. The engine still writes to a
 * local work folder; publish uploads and then frees it. Not exercised by tests: no Supabase
 * stack can run on the build machines.
 */
export class SupabaseArtifactStore implements ArtifactStore {
  readonly kind = "supabase" as const;
  private readonly client: SupabaseClient;

  constructor(
    url: string,
    serviceRoleKey: string,
    private readonly bucket: string,
    private readonly localRoot: string,
  ) {
    // On Node 20 supabase-js 2.109 needs an explicit WebSocket implementation for realtime.
    this.client = createClient(url, serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as unknown as typeof WebSocket },
    });
  }

  workDir(scanId: string): string {
    return join(this.localRoot, "scans", scanId);
  }

  async publish(scanId: string, artifacts: ScanArtifact[]): Promise<void> {
    for (const a of artifacts) {
      const body = await readFile(join(this.workDir(scanId), a.file));
      const { error } = await this.client.storage
        .from(this.bucket)
        .upload(`${scanId}/${a.file}`, body, { contentType: a.contentType, upsert: true });
      if (error) throw new Error(`upload of ${a.file} failed: ${error.message}`);
    }
    await rm(this.workDir(scanId), { recursive: true, force: true });
  }

  async read(scanId: string, file: string): Promise<ArtifactBody | null> {
    const { data, error } = await this.client.storage.from(this.bucket).download(`${scanId}/${file}`);
    if (error || !data) return null;
    return { body: new Uint8Array(await data.arrayBuffer()), bytes: data.size };
  }

  async remove(scanId: string): Promise<void> {
    const storage = this.client.storage.from(this.bucket);
    const { data } = await storage.list(scanId, { limit: 1000 });
    const shots = await storage.list(`${scanId}/screenshots`, { limit: 1000 });
    const paths = [
      ...(data ?? []).filter((f) => f.id).map((f) => `${scanId}/${f.name}`),
      ...(shots.data ?? []).map((f) => `${scanId}/screenshots/${f.name}`),
    ];
    if (paths.length > 0) await storage.remove(paths);
    await rm(this.workDir(scanId), { recursive: true, force: true });
  }
}
