import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { runScan } from "@/agents/pipeline";
import { GET as download } from "@/app/api/download/[...path]/route";
import { GET as signingKeyRoute } from "@/app/api/signing-key/route";
import { signApiToken } from "@/lib/auth/api-token";
import { BundleManifestSchema, EvidenceManifestSchema, sha256Hex } from "@/lib/evidence/manifest";
import { generateSigningKeyPem, parseSigningKey } from "@/lib/evidence/signing-key";
import { signBundle } from "@/lib/evidence/sign-bundle";
import { verifyBundle } from "@/lib/evidence/verify-bundle";
import { verifyCommand } from "@/lib/evidence/verify-command";
import type { ScanRunner } from "@/lib/scans/types";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { followToDone, testServiceForFile } from "@/tests/support/test-service";
import { FAST_TIMEOUTS } from "../engine/helpers";

// A real scan (pipeline, Chromium, test web; the PDF printed) through the service's queue and
// worker, its bundle downloaded through the route, then verified untouched and tampered with.

const SECRET = "integration-test-secret-0123456789abcdef01234";
let web: TestWeb | undefined;
const runner: ScanRunner = async (job, ctx) => {
  web ??= await startTestWeb();
  return runScan(job, ctx, { hostResolverRules: web.hostResolverRules, allowPrivateTargets: true, ignoreHTTPSErrors: true, timeouts: FAST_TIMEOUTS });
};
const test = testServiceForFile(runner, { workerId: "it-evidence-bundle", env: { APO_JWT_SECRET: SECRET } });
const owner = { id: "counsel@apo.test", via: "token" as const };
const work = mkdtempSync(join(tmpdir(), "apo-evidence-bundle-it-"));
afterAll(async () => {
  await localScan?.catch(() => undefined);
  await web?.close();
  rmSync(work, { recursive: true, force: true });
});

async function getBundle(scanId: string, sub = owner.id): Promise<Response> {
  const token = await signApiToken({ sub, ttlSeconds: 600, secret: SECRET });
  const req = new NextRequest(`http://localhost:8000/api/download/${scanId}/bundle.zip`, { headers: { authorization: `Bearer ${token}` } });
  return download(req, { params: Promise.resolve({ path: [scanId, "bundle.zip"] }) });
}

function flipByte(data: Uint8Array, at = Math.floor(data.length / 2)): Uint8Array {
  const copy = Uint8Array.from(data);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

const localOut = join(work, "local-scan");
const localDataDir = join(work, "local-data");
let localScan: Promise<{ stdout: string }> | undefined;
/**
 * The local scan of the second test, a child process of its own: started once, while the first
 * test's scan runs (both spend most of their time waiting on the pages), and awaited there.
 */
async function startLocalScan(): Promise<{ stdout: string }> {
  web ??= await startTestWeb();
  const env = { ...process.env, APO_DATA_DIR: localDataDir, APO_HOST_RESOLVER_RULES: web.hostResolverRules, APO_ALLOW_PRIVATE_TARGETS: "true", APO_IGNORE_HTTPS_ERRORS: "true", APO_SIGNING_KEY: "" };
  const url = web.url("www.compliant.example", "/", "http");
  // Asynchronously: the test web is served by this process and must keep answering.
  return promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/scan.ts", url, "--depth", "1", "--max-pages", "1", "--out", localOut], { env, encoding: "utf8", timeout: 240_000 });
}
function localScanResult(): Promise<{ stdout: string }> {
  localScan ??= startLocalScan();
  // Awaited by the second test; until then a failure must not count as unhandled.
  localScan.catch(() => undefined);
  return localScan;
}

describe("the evidence bundle of a real scan", () => {
  it("is 425 while the scan runs, then a signed zip that verifies, and fails on any changed byte", async () => {
    web ??= await startTestWeb();
    const url = web.url("www.compliant.example", "/", "http");
    const { scan_id } = await createScan(owner, ScanRequestSchema.parse({ url, framework: "GDPR", crawl_depth: 1, max_pages: 2 }));
    expect((await getBundle(scan_id)).status).toBe(425);
    void localScanResult();

    const events = await followToDone(test.service, scan_id, () => undefined, 280_000);
    expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "complete" });

    expect((await getBundle(scan_id, "someone-else@apo.test")).status).toBe(404);
    const res = await getBundle(scan_id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain(`apo-${scan_id}-bundle.zip`);
    const bundle = new Uint8Array(await res.arrayBuffer());
    const files = unzipSync(bundle);
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining(["manifest.json", "manifest.sig", "evidence-manifest.json", "evidence_report.json", "evidence.json", "evidence_report.html", "evidence_report.pdf", "interaction_graph.json"]));
    expect(names.some((n) => n.startsWith("screenshots/") && n.endsWith(".png"))).toBe(true);
    expect(names.some((n) => n.endsWith(".har"))).toBe(true);

    // The manifests: versions, timestamps, the printed hash in the HTML and the PDF.
    const manifest = BundleManifestSchema.parse(JSON.parse(new TextDecoder().decode(files["manifest.json"])));
    const evidenceManifest = EvidenceManifestSchema.parse(JSON.parse(new TextDecoder().decode(files["evidence-manifest.json"])));
    expect(manifest).toMatchObject({ scan_id, target_url: url, status: "complete", evidence_manifest_sha256: sha256Hex(files["evidence-manifest.json"]!) });
    expect(manifest.tool_version).toMatch(/^apo\/\d+\.\d+\.\d+/);
    expect(manifest.rules_version).toMatch(/^catalog-sha256:[0-9a-f]{16}$/);
    expect(evidenceManifest.browser_version).toMatch(/\d+\.\d+/);
    expect(evidenceManifest.files.map((f) => f.path)).toContain("evidence_report.json");
    expect(evidenceManifest.files.map((f) => f.path)).not.toContain("evidence_report.html");
    const printed = manifest.evidence_manifest_sha256!;
    expect(new TextDecoder().decode(files["evidence_report.html"])).toContain(`data-manifest-hash="${printed}"`);
    const pdf = join(work, "report.pdf");
    writeFileSync(pdf, files["evidence_report.pdf"]!);
    expect(execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "")).toContain(printed);

    // The operator's published key is the key the bundle is signed with.
    const published = await signingKeyRoute();
    expect(published.status).toBe(200);
    const publicKeyPem = await published.text();
    expect(published.headers.get("x-apo-key-id")).toBe(manifest.signature?.key_id);

    const untouched = await verifyBundle(bundle, { trustedPublicKeyPem: publicKeyPem });
    expect(untouched.problems).toEqual([]);
    expect(untouched).toMatchObject({ valid: true, trustedKey: true, evidenceManifestSha256: printed });

    // The scan's folder holds exactly what the bundle holds: nothing written that is not listed.
    expect((await verifyBundle(test.service.artifacts.workDir(scan_id), { trustedPublicKeyPem: publicKeyPem })).problems).toEqual([]);

    const tamper = (change: (f: Record<string, Uint8Array>) => void) => {
      const copy = unzipSync(bundle);
      change(copy);
      return zipSync(copy);
    };
    const shot = names.find((n) => n.startsWith("screenshots/"))!;
    const screenshot = await verifyBundle(tamper((f) => (f[shot] = flipByte(f[shot]!))), { trustedPublicKeyPem: publicKeyPem });
    expect(screenshot.valid).toBe(false);
    expect(screenshot.problems).toContainEqual(expect.objectContaining({ code: "hash_mismatch", file: shot }));
    const report = await verifyBundle(tamper((f) => (f["evidence_report.json"] = flipByte(f["evidence_report.json"]!))));
    expect(report.problems).toContainEqual(expect.objectContaining({ code: "hash_mismatch", file: "evidence_report.json" }));
    // One byte of the signed manifest: "complete" becomes "completd".
    const statusAt = (m: Uint8Array) => Buffer.from(m).indexOf('"status":"complete"') + '"status":"complete'.length - 1;
    const manifestByte = await verifyBundle(tamper((f) => (f["manifest.json"] = flipByte(f["manifest.json"]!, statusAt(f["manifest.json"]!)))));
    expect(manifestByte.valid).toBe(false);
    expect(manifestByte.problems).toEqual([expect.objectContaining({ code: "bad_signature", file: "manifest.json" })]);

    // Re-signed by someone else's key: consistent in itself, refused against the operator's key.
    const forgedDir = join(work, "forged");
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(dirname(join(forgedDir, name)), { recursive: true });
      writeFileSync(join(forgedDir, name), data);
    }
    const listed = manifest.files.map((f) => ({ file: f.path, kind: f.kind as "evidence", contentType: "application/octet-stream", bytes: f.bytes }));
    const forgedList = await signBundle(forgedDir, listed, { scanId: scan_id, targetUrl: url, status: "complete", startedAt: null, finishedAt: null }, parseSigningKey(generateSigningKeyPem()));
    const forged = zipSync(Object.fromEntries(forgedList.map((a) => [a.file, new Uint8Array(readFileSync(join(forgedDir, a.file)))])));
    expect((await verifyBundle(forged)).valid).toBe(true);
    const refused = await verifyBundle(forged, { trustedPublicKeyPem: publicKeyPem });
    expect(refused.problems).toEqual([expect.objectContaining({ code: "untrusted_key" })]);

    // apo verify: 0 valid, 1 tampered or not the trusted key, 2 bad arguments.
    const quiet = { out: () => undefined, err: () => undefined };
    const paths = { good: join(work, "good.zip"), bad: join(work, "bad.zip"), forged: join(work, "forged.zip"), key: join(work, "operator.pem") };
    writeFileSync(paths.good, bundle);
    writeFileSync(paths.bad, tamper((f) => (f[shot] = flipByte(f[shot]!))));
    writeFileSync(paths.forged, forged);
    writeFileSync(paths.key, publicKeyPem);
    expect(await verifyCommand([paths.good, "--public-key", paths.key], quiet)).toBe(0);
    expect(await verifyCommand([paths.bad, "--public-key", paths.key], quiet)).toBe(1);
    expect(await verifyCommand([paths.forged, "--public-key", paths.key], quiet)).toBe(1);
    expect(await verifyCommand([], quiet)).toBe(2);
  }, 300_000);
});

describe("a local scan (npm run scan)", () => {
  it("signs its own folder with the data folder's key, and apo verify passes it, then fails it after a change", async () => {
    const out = localOut;
    const dataDir = localDataDir;
    const child = await localScanResult();
    expect(child.stdout).toMatch(/Signed manifest\.json \(key [0-9a-f]{16}…\)/);

    const key = parseSigningKey(readFileSync(join(dataDir, "signing-key.pem"), "utf8"));
    const keyFile = join(work, "local-key.pem");
    writeFileSync(keyFile, key.publicKeyPem);
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await verifyCommand([out, "--public-key", keyFile], quiet)).toBe(0);
    const report = join(out, "evidence_report.json");
    writeFileSync(report, flipByte(readFileSync(report)));
    expect(await verifyCommand([out, "--public-key", keyFile], quiet)).toBe(1);
  }, 300_000);
});
