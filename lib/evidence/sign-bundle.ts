import { sign } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ARTIFACT_CONTENT_TYPES, type ScanArtifact } from "@/agents/types";
import { rulesVersion } from "@/agents/rules/version";
import {
  BUNDLE_MANIFEST_FILE,
  BUNDLE_MANIFEST_VERSION,
  describeFiles,
  EVIDENCE_MANIFEST_FILE,
  EvidenceManifestSchema,
  manifestBytes,
  sha256Hex,
  SIGNATURE_FILE,
  type BundleManifest,
} from "./manifest";
import type { SigningKey } from "./signing-key";
import { TOOL_VERSION } from "./tool-version";

export interface BundleScan {
  scanId: string;
  targetUrl: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * Writes manifest.json over every listed artefact of a finished scan's folder (HTML, PDF and
 * evidence-manifest.json included) and, with a key, manifest.sig: the base64 Ed25519 signature of
 * manifest.json's exact bytes. Returns the artefact list with the two files added.
 */
export async function signBundle(outDir: string, artifacts: ScanArtifact[], scan: BundleScan, key: SigningKey | null, now: Date = new Date()): Promise<ScanArtifact[]> {
  const listed = artifacts.filter((a) => a.file !== BUNDLE_MANIFEST_FILE && a.file !== SIGNATURE_FILE);
  const evidenceManifest = listed.some((a) => a.file === EVIDENCE_MANIFEST_FILE) ? await readFile(join(outDir, EVIDENCE_MANIFEST_FILE)) : null;
  const parsed = evidenceManifest ? EvidenceManifestSchema.safeParse(JSON.parse(evidenceManifest.toString("utf8"))) : null;
  const manifest: BundleManifest = {
    manifest_version: BUNDLE_MANIFEST_VERSION,
    scan_id: scan.scanId,
    target_url: scan.targetUrl,
    status: scan.status,
    tool_version: TOOL_VERSION,
    browser_version: parsed?.success ? parsed.data.browser_version : null,
    rules_version: rulesVersion(),
    scan_started_at: scan.startedAt,
    scan_finished_at: scan.finishedAt,
    created_at: now.toISOString(),
    evidence_manifest_sha256: evidenceManifest ? sha256Hex(evidenceManifest) : null,
    signature: key ? { algorithm: "Ed25519", key_id: key.keyId, public_key_pem: key.publicKeyPem } : null,
    files: await describeFiles(outDir, listed),
  };
  const bytes = manifestBytes(manifest);
  await writeFile(join(outDir, BUNDLE_MANIFEST_FILE), bytes);
  const added: ScanArtifact[] = [{ file: BUNDLE_MANIFEST_FILE, kind: "manifest", contentType: ARTIFACT_CONTENT_TYPES.manifest, bytes: bytes.length }];
  if (key) {
    const signature = `${sign(null, bytes, key.privateKey).toString("base64")}\n`;
    await writeFile(join(outDir, SIGNATURE_FILE), signature);
    added.push({ file: SIGNATURE_FILE, kind: "signature", contentType: ARTIFACT_CONTENT_TYPES.signature, bytes: Buffer.byteLength(signature) });
  }
  return [...listed, ...added];
}
