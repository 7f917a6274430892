import type { ScanArtifact } from "@/agents/types";
import type { Env } from "@/lib/env";
import { signBundle } from "./sign-bundle";
import { resolveSigningKey } from "./signing-key";

/**
 * A scan run without a server (the CLI) signs its own folder: manifest.json + manifest.sig with
 * the key the server would use (APO_SIGNING_KEY, else <APO_DATA_DIR>/signing-key.pem), so
 * `apo verify <folder>` checks it. Returns the artefact list with the two files added.
 */
export async function signLocalScan(
  env: Pick<Env, "APO_SIGNING_KEY" | "APO_DATA_DIR" | "NODE_ENV" | "DATABASE_URL">,
  outDir: string,
  outcome: { status: string; artifacts: ScanArtifact[] },
  scan: { scanId: string; targetUrl: string; startedAt: string; finishedAt: string },
): Promise<{ artifacts: ScanArtifact[]; keyId: string | null }> {
  const key = resolveSigningKey(env);
  const artifacts = await signBundle(outDir, outcome.artifacts, { ...scan, status: outcome.status }, key);
  return { artifacts, keyId: key?.keyId ?? null };
}
