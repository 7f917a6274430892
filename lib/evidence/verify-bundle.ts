import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { unzipSync } from "fflate";
import {
  BUNDLE_MANIFEST_FILE,
  BundleManifestSchema,
  EVIDENCE_MANIFEST_FILE,
  EvidenceManifestSchema,
  sha256Hex,
  SIGNATURE_FILE,
  type BundleManifest,
  type ManifestFileEntry,
} from "./manifest";
import { publicKeyId } from "./signing-key";

export type BundleProblemCode =
  | "unreadable_bundle"
  | "missing_manifest"
  | "invalid_manifest"
  | "unsigned"
  | "missing_signature"
  | "bad_signature"
  | "key_mismatch"
  | "untrusted_key"
  | "missing_file"
  | "extra_file"
  | "size_mismatch"
  | "hash_mismatch"
  | "evidence_manifest_mismatch"
  | "printed_hash_mismatch";

export interface BundleProblem {
  code: BundleProblemCode;
  /** The file the problem is about, when there is one. */
  file?: string;
  message: string;
}

export interface BundleVerification {
  valid: boolean;
  problems: BundleProblem[];
  manifest: BundleManifest | null;
  /** Key id (SHA-256 of the public key) the signature checked out against. */
  signedBy: string | null;
  /** True when the signing key equals the trusted key the caller gave; false when none was given. */
  trustedKey: boolean;
  /** SHA-256 of evidence-manifest.json: the hash the HTML/PDF print. */
  evidenceManifestSha256: string | null;
  filesChecked: number;
}

const HTML_REPORT = "evidence_report.html";

/**
 * Checks a downloaded evidence bundle offline: manifest.json's Ed25519 signature (against the key
 * it names and, when given, the key the caller trusts), the size and SHA-256 of every file it
 * lists, no missing or extra file, the evidence manifest agreeing with the files, and the hash the
 * HTML report prints matching the evidence manifest. Every problem is named; nothing throws.
 * `zip` is a bundle.zip (path or bytes) or the folder of a local scan (`npm run scan -- --out DIR`).
 */
export async function verifyBundle(zip: string | Uint8Array, options: { trustedPublicKeyPem?: string } = {}): Promise<BundleVerification> {
  const result: BundleVerification = { valid: false, problems: [], manifest: null, signedBy: null, trustedKey: false, evidenceManifestSha256: null, filesChecked: 0 };
  const problem = (code: BundleProblemCode, message: string, file?: string) => result.problems.push(file ? { code, file, message } : { code, message });

  let files: Record<string, Uint8Array>;
  try {
    files = typeof zip === "string" && (await stat(zip)).isDirectory() ? await readFolder(zip) : unzipSync(typeof zip === "string" ? await readFile(zip) : zip);
  } catch (error) {
    problem("unreadable_bundle", `not a readable zip: ${(error as Error).message}`);
    return result;
  }
  // Folders appear as entries ending in "/" in some zips; they carry no content.
  for (const name of Object.keys(files)) if (name.endsWith("/")) delete files[name];

  const manifestBytes = files[BUNDLE_MANIFEST_FILE];
  if (!manifestBytes) {
    problem("missing_manifest", `${BUNDLE_MANIFEST_FILE} is not in the bundle`, BUNDLE_MANIFEST_FILE);
    return result;
  }
  let manifest: BundleManifest;
  try {
    manifest = BundleManifestSchema.parse(JSON.parse(Buffer.from(manifestBytes).toString("utf8")));
  } catch (error) {
    problem("invalid_manifest", `${BUNDLE_MANIFEST_FILE} is not a bundle manifest: ${(error as Error).message.split("\n")[0]}`, BUNDLE_MANIFEST_FILE);
    return result;
  }
  result.manifest = manifest;

  checkSignature(manifest, manifestBytes, files[SIGNATURE_FILE], options.trustedPublicKeyPem, result, problem);
  checkFiles(manifest.files, files, result, problem);
  checkEvidenceManifest(manifest, files, result, problem);

  result.valid = result.problems.length === 0;
  return result;
}

type Report = (code: BundleProblemCode, message: string, file?: string) => void;

function checkSignature(manifest: BundleManifest, bytes: Uint8Array, signatureFile: Uint8Array | undefined, trustedPem: string | undefined, result: BundleVerification, problem: Report): void {
  let trusted: KeyObject | null = null;
  if (trustedPem) {
    try {
      trusted = createPublicKey(trustedPem);
    } catch {
      problem("untrusted_key", "the trusted public key given is not a PEM public key");
    }
  }
  if (!manifest.signature) {
    problem("unsigned", "the manifest is not signed (the server had no signing key)", BUNDLE_MANIFEST_FILE);
    return;
  }
  if (!signatureFile) {
    problem("missing_signature", `${SIGNATURE_FILE} is not in the bundle`, SIGNATURE_FILE);
    return;
  }
  let embedded: KeyObject;
  try {
    embedded = createPublicKey(manifest.signature.public_key_pem);
  } catch {
    problem("invalid_manifest", "the manifest's public key is not a PEM public key", BUNDLE_MANIFEST_FILE);
    return;
  }
  if (publicKeyId(embedded) !== manifest.signature.key_id) {
    problem("key_mismatch", "the manifest's key id is not the SHA-256 of its public key", BUNDLE_MANIFEST_FILE);
  }
  const signature = Buffer.from(Buffer.from(signatureFile).toString("utf8").trim(), "base64");
  let ok = false;
  try {
    ok = verify(null, bytes, embedded, signature);
  } catch {
    ok = false;
  }
  if (!ok) {
    problem("bad_signature", `the signature does not match ${BUNDLE_MANIFEST_FILE} (the manifest or its signature was changed)`, BUNDLE_MANIFEST_FILE);
    return;
  }
  result.signedBy = manifest.signature.key_id;
  if (trusted) {
    if (publicKeyId(trusted) === publicKeyId(embedded)) result.trustedKey = true;
    else problem("untrusted_key", `signed by key ${manifest.signature.key_id.slice(0, 16)}…, not by the trusted key ${publicKeyId(trusted).slice(0, 16)}…`, BUNDLE_MANIFEST_FILE);
  }
}

function checkEntry(entry: ManifestFileEntry, data: Uint8Array | undefined, problem: Report, where: string): boolean {
  if (!data) {
    problem("missing_file", `${entry.path} is listed in ${where} but not in the bundle`, entry.path);
    return false;
  }
  if (data.length !== entry.bytes) problem("size_mismatch", `${entry.path} is ${data.length} bytes; ${where} says ${entry.bytes}`, entry.path);
  else if (sha256Hex(data) !== entry.sha256) problem("hash_mismatch", `${entry.path} does not match its SHA-256 in ${where}`, entry.path);
  else return true;
  return false;
}

function checkFiles(entries: ManifestFileEntry[], files: Record<string, Uint8Array>, result: BundleVerification, problem: Report): void {
  const listed = new Set(entries.map((e) => e.path));
  for (const entry of entries) {
    checkEntry(entry, files[entry.path], problem, BUNDLE_MANIFEST_FILE);
    result.filesChecked += 1;
  }
  for (const name of Object.keys(files).sort()) {
    if (name !== BUNDLE_MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) problem("extra_file", `${name} is in the bundle but not in ${BUNDLE_MANIFEST_FILE}`, name);
  }
}

/** The evidence manifest is what the printed report names: its hash, its entries and the HTML must agree. */
function checkEvidenceManifest(manifest: BundleManifest, files: Record<string, Uint8Array>, result: BundleVerification, problem: Report): void {
  const bytes = files[EVIDENCE_MANIFEST_FILE];
  if (manifest.evidence_manifest_sha256 === null) return;
  if (!bytes) return; // already reported as a missing file
  const hash = sha256Hex(bytes);
  result.evidenceManifestSha256 = hash;
  if (hash !== manifest.evidence_manifest_sha256) {
    problem("evidence_manifest_mismatch", `${EVIDENCE_MANIFEST_FILE} does not match evidence_manifest_sha256 in ${BUNDLE_MANIFEST_FILE}`, EVIDENCE_MANIFEST_FILE);
  }
  const parsed = EvidenceManifestSchema.safeParse(safeJson(bytes));
  if (!parsed.success) {
    problem("invalid_manifest", `${EVIDENCE_MANIFEST_FILE} is not an evidence manifest`, EVIDENCE_MANIFEST_FILE);
    return;
  }
  if (parsed.data.scan_id !== manifest.scan_id) problem("evidence_manifest_mismatch", `${EVIDENCE_MANIFEST_FILE} is for scan ${parsed.data.scan_id}, not ${manifest.scan_id}`, EVIDENCE_MANIFEST_FILE);
  const bundled = new Map(manifest.files.map((e) => [e.path, e]));
  for (const entry of parsed.data.files) {
    const other = bundled.get(entry.path);
    if (!other) problem("evidence_manifest_mismatch", `${entry.path} is in ${EVIDENCE_MANIFEST_FILE} but not in ${BUNDLE_MANIFEST_FILE}`, entry.path);
    else if (other.sha256 !== entry.sha256 || other.bytes !== entry.bytes) problem("evidence_manifest_mismatch", `${entry.path} changed between ${EVIDENCE_MANIFEST_FILE} and ${BUNDLE_MANIFEST_FILE}`, entry.path);
  }
  const html = files[HTML_REPORT];
  if (html) {
    const printed = [...Buffer.from(html).toString("utf8").matchAll(/data-manifest-hash="([0-9a-f]{64})"/g)].map((m) => m[1]);
    if (printed.length === 0) problem("printed_hash_mismatch", `${HTML_REPORT} prints no evidence manifest hash`, HTML_REPORT);
    else if (printed.some((p) => p !== hash)) problem("printed_hash_mismatch", `${HTML_REPORT} prints ${printed.find((p) => p !== hash)}, not the evidence manifest's hash ${hash}`, HTML_REPORT);
  }
}

/** A scan folder as a bundle would hold it: every file by its path relative to the folder, with "/". */
async function readFolder(root: string): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path).split(sep).join("/")] = new Uint8Array(await readFile(path));
  }
  return files;
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return null;
  }
}
