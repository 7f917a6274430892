import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanArtifact } from "@/agents/types";
import { GET as download } from "@/app/api/download/[...path]/route";
import { DELETE as deleteScanRoute } from "@/app/api/scans/[scanId]/route";
import { GET as sharedFile } from "@/app/api/shared/[token]/[...file]/route";
import { signApiToken } from "@/lib/auth/api-token";
import type { ScanRunner } from "@/lib/scans/types";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { createShareLink } from "@/lib/scans/use-cases/share-scan";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { SupabaseArtifactStore } from "@/lib/store/supabase-artifacts";
import { startStorageApiServer, type StorageApiServer } from "@/tests/support/storage-api-server";
import { followToDone, testServiceForFile } from "@/tests/support/test-service";
import { sampleReport } from "@/tests/unit/support/sample-report";

// A finished scan's artefacts (a small fixture folder written by the runner, as the engine would)
// go through the real scan worker into Supabase Storage (the local Storage API server), and come
// back through the real download and shared-link routes: HAR and PDF as a 302 to a signed URL
// that really serves the file, everything else streamed by the app, a stranger 404 with no URL.

const SECRET = "integration-test-secret-0123456789abcdef01234";
const HAR = JSON.stringify({ log: { version: "1.2", entries: [{ request: { url: "https://tracker.example/p" } }] } });
const FILES: Record<string, { kind: ScanArtifact["kind"]; contentType: string; content: string }> = {
  "evidence_report.json": { kind: "report_json", contentType: "application/json", content: "" },
  "evidence_report.html": { kind: "report_html", contentType: "text/html", content: "<!doctype html><title>r</title><img src=screenshots/home.png>" },
  "evidence_report.pdf": { kind: "report_pdf", contentType: "application/pdf", content: "%PDF-1.7 fixture" },
  "network.har": { kind: "har", contentType: "application/json", content: HAR },
  "screenshots/home.png": { kind: "screenshot", contentType: "image/png", content: "\x89PNG fixture" },
};

let api: StorageApiServer;
beforeAll(async () => {
  api = await startStorageApiServer();
});
afterAll(async () => {
  await api.close();
});

const runner: ScanRunner = async (job) => {
  const report = sampleReport(job.scanId);
  const artifacts: ScanArtifact[] = [];
  for (const [file, f] of Object.entries(FILES)) {
    const content = file === "evidence_report.json" ? JSON.stringify(report) : f.content;
    mkdirSync(dirname(join(job.outDir, file)), { recursive: true });
    writeFileSync(join(job.outDir, file), content);
    artifacts.push({ file, kind: f.kind, contentType: f.contentType, bytes: Buffer.byteLength(content) });
  }
  return { status: "complete", error: null, evidence: null, report, artifacts };
};
const test = testServiceForFile(runner, {
  workerId: "it-storage-signed",
  env: { APO_JWT_SECRET: SECRET, APO_SIGNED_URL_SECONDS: "60" },
  artifacts: (dataDir) => SupabaseArtifactStore.open({ url: api.url, serviceRoleKey: api.serviceKey, bucket: "apo-artifacts", localRoot: dataDir }),
});
const owner = { id: "counsel@apo.test", via: "token" as const };

async function get(path: string[], sub = owner.id): Promise<Response> {
  const token = await signApiToken({ sub, ttlSeconds: 600, secret: SECRET });
  const req = new NextRequest(`http://localhost:8000/api/download/${path.join("/")}`, { headers: { authorization: `Bearer ${token}` } });
  return download(req, { params: Promise.resolve({ path }) });
}

describe("downloads from a Supabase-backed store", () => {
  let scanId = "";
  beforeAll(async () => {
    ({ scan_id: scanId } = await createScan(owner, ScanRequestSchema.parse({ url: "http://127.0.0.1/", framework: "GDPR" })));
    const events = await followToDone(test.service, scanId, () => undefined, 60_000);
    expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "complete" });
  });

  it("published every artefact to the private bucket and freed the work folder", () => {
    expect(api.bucket("apo-artifacts")).toMatchObject({ public: false });
    const names = api.objectNames("apo-artifacts").filter((n) => n.startsWith(`${scanId}/`));
    expect(names).toEqual(expect.arrayContaining(Object.keys(FILES).map((f) => `${scanId}/${f}`)));
  });

  it("answers a HAR or PDF with a 302 to a signed URL that serves the file without keys", async () => {
    for (const file of ["network.har", "evidence_report.pdf"]) {
      const res = await get([scanId, file]);
      expect(res.status).toBe(302);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const location = res.headers.get("location")!;
      expect(location.startsWith(`${api.url}/storage/v1/object/sign/apo-artifacts/${scanId}/${file}?token=`)).toBe(true);
      const served = await fetch(location);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-disposition")).toContain(`filename="${file}"`);
      expect(await served.text()).toBe(FILES[file]!.content);
    }
  });

  it("streams the other artefacts through the app, read back from Storage", async () => {
    const png = await get([scanId, "screenshots", "home.png"]);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(await png.text()).toBe(FILES["screenshots/home.png"]!.content);
    const json = await get([scanId, "evidence_report.json"]);
    expect(json.status).toBe(200);
    expect(JSON.parse(await json.text())).toMatchObject({ report_metadata: expect.any(Object) });
  });

  it("gives another user 404 and no URL, and signs nothing for them", async () => {
    const signsBefore = api.requests.filter((r) => r.path.startsWith("/storage/v1/object/sign/")).length;
    const res = await get([scanId, "network.har"], "someone-else@apo.test");
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).not.toContain("token=");
    expect(api.requests.filter((r) => r.path.startsWith("/storage/v1/object/sign/")).length).toBe(signsBefore);
  });

  it("keeps shared links working: HTML inline from the app, the HAR through a signed URL", async () => {
    const { url } = await createShareLink(owner, scanId, 1);
    const token = url.split("/").pop()!;
    const open = (file: string[]) => sharedFile(new NextRequest(`http://localhost:8000${url}/${file.join("/")}`), { params: Promise.resolve({ token, file }) });
    const html = await open(["evidence_report.html"]);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-disposition")).toMatch(/^inline/);
    expect(await html.text()).toBe(FILES["evidence_report.html"]!.content);
    const har = await open(["network.har"]);
    expect(har.status).toBe(302);
    expect(await (await fetch(har.headers.get("location")!)).text()).toBe(HAR);
  });

  it("deleting the scan removes its objects from Storage, screenshots included", async () => {
    const token = await signApiToken({ sub: owner.id, ttlSeconds: 600, secret: SECRET });
    const req = new NextRequest(`http://localhost:8000/api/scans/${scanId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    const res = await deleteScanRoute(req, { params: Promise.resolve({ scanId }) });
    expect(res.status).toBeLessThan(300);
    expect(api.objectNames("apo-artifacts").filter((n) => n.startsWith(`${scanId}/`))).toEqual([]);
  });
});
