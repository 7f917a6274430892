import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { verifyBundle, type BundleVerification } from "./verify-bundle";

export const VERIFY_USAGE = `Usage: apo verify <bundle.zip | scan folder> [--public-key FILE] [--json]

Checks an evidence bundle (GET /api/download/{scan_id}/bundle.zip, or the --out folder of a local
scan): the Ed25519 signature of its
manifest, the size and SHA-256 of every file, no missing or extra file, and the evidence manifest
hash the HTML report prints.

  --public-key FILE  the operator's public key (PEM, from GET /api/signing-key); without it the
                     bundle is checked against the key it carries, which proves integrity, not origin
  --json             print the result as JSON
  -h, --help         this text

Exit codes: 0 valid, 1 invalid, 2 bad arguments or unreadable files.`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** `apo verify`: prints a verdict and returns the exit code (0 valid, 1 invalid, 2 usage or I/O). */
export async function verifyCommand(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(argv);
  } catch (error) {
    io.err(`apo verify: ${(error as Error).message}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.out(VERIFY_USAGE);
    return 0;
  }
  let bundle: Buffer | string;
  let trustedPublicKeyPem: string | undefined;
  try {
    bundle = (await stat(parsed.bundle)).isDirectory() ? parsed.bundle : await readFile(parsed.bundle);
    if (parsed.publicKey) trustedPublicKeyPem = await readFile(parsed.publicKey, "utf8");
  } catch (error) {
    io.err(`apo verify: cannot read ${(error as NodeJS.ErrnoException).path ?? "a file"}: ${(error as Error).message}`);
    return 2;
  }
  const result = await verifyBundle(bundle, { trustedPublicKeyPem });
  if (result.problems.some((p) => p.code === "unreadable_bundle")) {
    io.err(`apo verify: ${parsed.bundle}: ${result.problems[0]?.message}`);
    return 2;
  }
  if (parsed.json) io.out(JSON.stringify({ bundle: parsed.bundle, ...result }, null, 2));
  else for (const line of describeVerification(parsed.bundle, result, Boolean(trustedPublicKeyPem))) io.out(line);
  return result.valid ? 0 : 1;
}

function parseVerifyArgs(argv: string[]): { bundle: string; publicKey?: string; json: boolean; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "public-key": { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) return { bundle: "", json: false, help: true };
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? "which bundle? give the path of a bundle.zip" : "give exactly one bundle");
  return { bundle: positionals[0]!, publicKey: values["public-key"], json: values.json ?? false, help: false };
}

/** The human verdict: what was checked, by which key, and every problem by file. */
export function describeVerification(bundle: string, r: BundleVerification, trustedKeyGiven: boolean): string[] {
  const m = r.manifest;
  const lines = [`${r.valid ? "VALID" : "INVALID"}: ${bundle}`];
  if (m) {
    lines.push(`  scan ${m.scan_id} of ${m.target_url} (${m.status}), ${m.scan_started_at ?? "?"} – ${m.scan_finished_at ?? "?"}`);
    lines.push(`  ${m.tool_version}, rules ${m.rules_version}, browser ${m.browser_version ?? "unknown"}`);
    lines.push(`  ${r.filesChecked} file(s) listed in manifest.json`);
  }
  if (r.signedBy) {
    lines.push(`  signature: Ed25519, key ${r.signedBy}`);
    lines.push(trustedKeyGiven ? (r.trustedKey ? "  the key is the trusted key you gave" : "  the key is NOT the trusted key you gave") : "  no --public-key given: this proves the files are unchanged since signing, not who signed them");
  }
  if (r.evidenceManifestSha256) lines.push(`  evidence manifest SHA-256 (printed on the report): ${r.evidenceManifestSha256}`);
  for (const p of r.problems) lines.push(`  ✗ ${p.code}${p.file ? ` [${p.file}]` : ""}: ${p.message}`);
  return lines;
}
