import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACT_CONTENT_TYPES, type ArtifactKind, type ScanArtifact } from "@/agents/types";
import { describeFiles, EVIDENCE_MANIFEST_FILE, EVIDENCE_MANIFEST_VERSION, manifestBytes, sha256Hex, type EvidenceManifest } from "@/lib/evidence/manifest";
import { signBundle } from "@/lib/evidence/sign-bundle";
import { generateSigningKeyPem, parseSigningKey } from "@/lib/evidence/signing-key";
import { verifyBundle } from "@/lib/evidence/verify-bundle";
import { verifyCommand } from "@/lib/evidence/verify-command";
import { zipStream } from "@/lib/evidence/zip-stream";

// A scan folder as the engine and worker leave it, built by hand: the same manifest code, no browser.
const key = parseSigningKey(generateSigningKeyPem());
const otherKey = parseSigningKey(generateSigningKeyPem());
let dir: string;
let bundle: Uint8Array;

async function writeScanFolder(outDir: string): Promise<ScanArtifact[]> {
  const listed: ScanArtifact[] = [];
  const put = (file: string, kind: ArtifactKind, data: Uint8Array | string) => {
    writeFileSync(join(outDir, file), data);
    listed.push({ file, kind, contentType: ARTIFACT_CONTENT_TYPES[kind], bytes: Buffer.byteLength(data) });
  };
  mkdirSync(join(outDir, "screenshots"), { recursive: true });
  put("evidence.json", "evidence", JSON.stringify({ version: "1.0", scan_id: "scan-1" }, null, 2));
  put("traffic_pre_consent.json", "traffic", JSON.stringify([{ url: "https://www.google-analytics.com/g/collect" }]));
  put("screenshots/pre_consent_home.png", "screenshot", Uint8Array.from({ length: 2048 }, (_, i) => (i * 31) % 256));
  put("evidence_report.json", "report_json", JSON.stringify({ report_version: "x", violations: [] }, null, 2));
  const evidenceManifest: EvidenceManifest = {
    manifest_version: EVIDENCE_MANIFEST_VERSION, scan_id: "scan-1", target_url: "https://www.tracky.example/", final_url: null,
    tool_version: "apo/test", scanner_version: "s", browser_version: "Chromium 156", rules_version: "r", evidence_version: "1.0", report_version: "x",
    scan_started_at: "2026-12-04T10:00:00.000Z", scan_finished_at: "2026-12-04T10:01:00.000Z", created_at: "2026-12-04T10:01:01.000Z",
    files: await describeFiles(outDir, listed),
  };
  const bytes = manifestBytes(evidenceManifest);
  put(EVIDENCE_MANIFEST_FILE, "manifest", bytes);
  put("evidence_report.html", "report_html", `<html><body><code data-manifest-hash="${sha256Hex(bytes)}">…</code></body></html>`);
  put("evidence_report.pdf", "report_pdf", "%PDF-1.7 stand-in");
  return signBundle(outDir, listed, { scanId: "scan-1", targetUrl: "https://www.tracky.example/", status: "complete", startedAt: null, finishedAt: null }, key);
}

async function zipFolder(outDir: string, artifacts: ScanArtifact[]): Promise<Uint8Array> {
  const stream = zipStream(artifacts.map((a) => ({ path: a.file, open: async () => new Uint8Array(await readFile(join(outDir, a.file))) })));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bundle with one file replaced (or removed with null, or added). */
function rezip(change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bundle);
  change(files);
  return zipSync(files);
}

function flipByte(data: Uint8Array, at = Math.floor(data.length / 2)): Uint8Array {
  const copy = Uint8Array.from(data);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "apo-bundle-"));
  bundle = await zipFolder(dir, await writeScanFolder(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("verifyBundle", () => {
  it("passes an untouched bundle, naming the key and the printed hash", async () => {
    const result = await verifyBundle(bundle, { trustedPublicKeyPem: key.publicKeyPem });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ valid: true, signedBy: key.keyId, trustedKey: true, filesChecked: 7 });
    expect(Object.keys(unzipSync(bundle)).sort()).toContain("screenshots/pre_consent_home.png");
    expect(result.evidenceManifestSha256).toBe(sha256Hex(await readFile(join(dir, EVIDENCE_MANIFEST_FILE))));
  });

  it("checks a scan folder (a local scan's --out) as it checks its zip", async () => {
    expect(await verifyBundle(dir, { trustedPublicKeyPem: key.publicKeyPem })).toMatchObject({ valid: true, problems: [], filesChecked: 7 });
    const stray = join(dir, "screenshots", "stray.png");
    writeFileSync(stray, "x");
    try {
      expect((await verifyBundle(dir)).problems).toEqual([expect.objectContaining({ code: "extra_file", file: "screenshots/stray.png" })]);
    } finally {
      rmSync(stray);
    }
  });

  it("fails on one changed byte in a screenshot, naming the file", async () => {
    const result = await verifyBundle(rezip((f) => (f["screenshots/pre_consent_home.png"] = flipByte(f["screenshots/pre_consent_home.png"]!))));
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "hash_mismatch", file: "screenshots/pre_consent_home.png" }));
    // The evidence manifest still names the original screenshot: the signed chain is intact, the file is not.
    expect(result.problems).toHaveLength(1);
  });

  it("fails on one changed byte in the report JSON and on a changed size", async () => {
    const flipped = await verifyBundle(rezip((f) => (f["evidence_report.json"] = flipByte(f["evidence_report.json"]!))));
    expect(flipped.problems).toContainEqual(expect.objectContaining({ code: "hash_mismatch", file: "evidence_report.json" }));
    const longer = await verifyBundle(rezip((f) => (f["evidence_report.json"] = strToU8(`${new TextDecoder().decode(f["evidence_report.json"])} `))));
    expect(longer.problems).toContainEqual(expect.objectContaining({ code: "size_mismatch", file: "evidence_report.json" }));
  });

  it("fails on one changed byte in the manifest: the signature no longer matches", async () => {
    const result = await verifyBundle(rezip((f) => {
      const text = new TextDecoder().decode(f["manifest.json"]);
      f["manifest.json"] = strToU8(text.replace('"status":"complete"', '"status":"completf"'));
    }));
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "bad_signature", file: "manifest.json" }));
  });

  it("fails on a bundle re-signed by another key when a trusted key is given, and passes it without one", async () => {
    const forged = mkdtempSync(join(tmpdir(), "apo-bundle-forged-"));
    try {
      const artifacts = await writeScanFolder(forged);
      const resigned = await signBundle(forged, artifacts, { scanId: "scan-1", targetUrl: "https://www.tracky.example/", status: "complete", startedAt: null, finishedAt: null }, otherKey);
      const zip = await zipFolder(forged, resigned);
      const trusted = await verifyBundle(zip, { trustedPublicKeyPem: key.publicKeyPem });
      expect(trusted.valid).toBe(false);
      expect(trusted.problems).toEqual([expect.objectContaining({ code: "untrusted_key" })]);
      const selfConsistent = await verifyBundle(zip);
      expect(selfConsistent).toMatchObject({ valid: true, signedBy: otherKey.keyId, trustedKey: false });
    } finally {
      rmSync(forged, { recursive: true, force: true });
    }
  });

  it("names a missing file, an extra file, a missing signature and an HTML that prints another hash", async () => {
    const missing = await verifyBundle(rezip((f) => delete f["traffic_pre_consent.json"]));
    expect(missing.problems).toContainEqual(expect.objectContaining({ code: "missing_file", file: "traffic_pre_consent.json" }));
    const extra = await verifyBundle(rezip((f) => (f["screenshots/added.png"] = strToU8("x"))));
    expect(extra.problems).toEqual([expect.objectContaining({ code: "extra_file", file: "screenshots/added.png" })]);
    const unsigned = await verifyBundle(rezip((f) => delete f["manifest.sig"]));
    expect(unsigned.problems).toEqual([expect.objectContaining({ code: "missing_signature" })]);
    const html = await verifyBundle(rezip((f) => (f["evidence_report.html"] = strToU8(`<code data-manifest-hash="${"0".repeat(64)}"></code>`))));
    expect(html.problems).toEqual([
      expect.objectContaining({ code: "size_mismatch", file: "evidence_report.html" }),
      expect.objectContaining({ code: "printed_hash_mismatch", file: "evidence_report.html" }),
    ]);
  });

  it("says what is wrong with something that is not a bundle", async () => {
    expect((await verifyBundle(strToU8("not a zip"))).problems[0]?.code).toBe("unreadable_bundle");
    expect((await verifyBundle(zipSync({ "a.txt": strToU8("a") }))).problems[0]?.code).toBe("missing_manifest");
  });
});

describe("verifyCommand", () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await verifyCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("exits 0 on a valid bundle, 1 on a tampered one, 2 on bad arguments or an unreadable file", async () => {
    const good = join(dir, "..", `${dir.split("/").pop()}-good.zip`);
    const bad = join(dir, "..", `${dir.split("/").pop()}-bad.zip`);
    const pub = join(dir, "..", `${dir.split("/").pop()}-key.pem`);
    writeFileSync(good, bundle);
    writeFileSync(bad, rezip((f) => (f["evidence.json"] = flipByte(f["evidence.json"]!))));
    writeFileSync(pub, key.publicKeyPem);
    try {
      const ok = await run([good, "--public-key", pub]);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^VALID/);
      expect(ok.out).toContain(key.keyId);
      const tampered = await run([bad]);
      expect(tampered.code).toBe(1);
      expect(tampered.out).toMatch(/INVALID[\s\S]*hash_mismatch \[evidence\.json\]/);
      expect((await run([])).code).toBe(2);
      expect((await run([good, "--nope"])).code).toBe(2);
      expect((await run([join(dir, "absent.zip")])).code).toBe(2);
      expect((await run([join(dir, "evidence.json")])).code).toBe(2);
      const json = await run([good, "--json"]);
      expect(JSON.parse(json.out)).toMatchObject({ valid: true, problems: [] });
    } finally {
      for (const f of [good, bad, pub]) rmSync(f, { force: true });
    }
  });
});
