import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { canonicalJson } from "./canonical-json";

// Two manifests, so that a printed report can name its evidence without a hash cycle:
// 1. the EVIDENCE manifest (evidence-manifest.json), written by the engine after the report JSON and
//    before the HTML/PDF: it hashes the report JSON, evidence, crawl graph, HARs, traffic logs and
//    screenshots. The HTML/PDF print its SHA-256 (data-manifest-hash).
// 2. the BUNDLE manifest (manifest.json), written by the server after the engine returns: it hashes
//    every artefact, the HTML, the PDF and evidence-manifest.json included, and is signed
//    (manifest.sig, Ed25519 over manifest.json's exact bytes). Signing it signs the evidence
//    manifest through its hash, and so everything the printed hash stands for.

export const EVIDENCE_MANIFEST_FILE = "evidence-manifest.json";
export const BUNDLE_MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig";

export const MANIFEST_FILES = [EVIDENCE_MANIFEST_FILE, BUNDLE_MANIFEST_FILE, SIGNATURE_FILE] as const;

export const ManifestFileEntrySchema = z.object({
  path: z.string(),
  kind: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFileEntry = z.infer<typeof ManifestFileEntrySchema>;

export const EVIDENCE_MANIFEST_VERSION = "apo-evidence-manifest/1" as const;
export const BUNDLE_MANIFEST_VERSION = "apo-bundle-manifest/1" as const;

export const EvidenceManifestSchema = z.object({
  manifest_version: z.literal(EVIDENCE_MANIFEST_VERSION),
  scan_id: z.string(),
  target_url: z.string(),
  final_url: z.string().nullable(),
  tool_version: z.string(),
  scanner_version: z.string(),
  browser_version: z.string().nullable(),
  rules_version: z.string(),
  evidence_version: z.string(),
  report_version: z.string(),
  scan_started_at: z.string(),
  scan_finished_at: z.string().nullable(),
  created_at: z.string(),
  files: z.array(ManifestFileEntrySchema),
});
export type EvidenceManifest = z.infer<typeof EvidenceManifestSchema>;

export const BundleManifestSchema = z.object({
  manifest_version: z.literal(BUNDLE_MANIFEST_VERSION),
  scan_id: z.string(),
  target_url: z.string(),
  status: z.string(),
  tool_version: z.string(),
  browser_version: z.string().nullable(),
  rules_version: z.string(),
  scan_started_at: z.string().nullable(),
  scan_finished_at: z.string().nullable(),
  created_at: z.string(),
  /** SHA-256 of evidence-manifest.json, the hash the HTML/PDF print; null when the engine wrote none (a scan that failed before its report). */
  evidence_manifest_sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** Who signs manifest.sig; null when the server signs nothing (see lib/evidence/signing-key.ts, rule 3). */
  signature: z
    .object({
      algorithm: z.literal("Ed25519"),
      /** SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex. */
      key_id: z.string().regex(/^[0-9a-f]{64}$/),
      public_key_pem: z.string(),
    })
    .nullable(),
  files: z.array(ManifestFileEntrySchema),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The bytes a manifest is stored (and signed) as: canonical JSON, UTF-8. */
export function manifestBytes(manifest: EvidenceManifest | BundleManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), "utf8");
}

/** SHA-256 and size of one file, streamed (HARs can be large). */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** Entries for the listed files of a scan folder, sorted by path (the order is part of what is signed). */
export async function describeFiles(outDir: string, files: Array<{ file: string; kind: string }>): Promise<ManifestFileEntry[]> {
  const entries: ManifestFileEntry[] = [];
  for (const f of files) entries.push({ path: f.file, kind: f.kind, ...(await hashFile(join(outDir, f.file))) });
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
