import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ScanArtifact } from "@/agents/types";
import { SupabaseArtifactStore } from "@/lib/store/supabase-artifacts";
import { startStorageApiServer, type StorageApiServer } from "@/tests/support/storage-api-server";

// The real supabase-js client against a local server that speaks the Storage routes it calls.

let api: StorageApiServer;
const roots: string[] = [];
beforeAll(async () => {
  api = await startStorageApiServer();
});
afterAll(async () => {
  await api.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function localRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "apo-supabase-artifacts-it-"));
  roots.push(root);
  return root;
}

async function openStore(bucket: string, root = localRoot(), key = api.serviceKey): Promise<SupabaseArtifactStore> {
  return SupabaseArtifactStore.open({ url: api.url, serviceRoleKey: key, bucket, localRoot: root });
}

/** Writes the files into the scan's work folder and returns their artefact entries. */
function writeScan(store: SupabaseArtifactStore, scanId: string, files: Record<string, string | Buffer>): ScanArtifact[] {
  return Object.entries(files).map(([file, content]) => {
    const path = join(store.workDir(scanId), file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const contentType = file.endsWith(".png") ? "image/png" : file.endsWith(".har") ? "application/json" : "text/plain";
    const kind: ScanArtifact["kind"] = file.endsWith(".png") ? "screenshot" : file.endsWith(".har") ? "har" : "evidence";
    return { file, kind, contentType, bytes: Buffer.byteLength(content) };
  });
}

async function text(body: ReadableStream<Uint8Array> | Uint8Array): Promise<string> {
  return new Response(body as BodyInit).text();
}

afterEach(() => {
  api.requests.length = 0;
});

describe("SupabaseArtifactStore against the Storage API", () => {
  it("creates its bucket private when it is missing, and opens it again as it is", async () => {
    expect(api.bucket("apo-fresh")).toBeUndefined();
    await openStore("apo-fresh");
    expect(api.bucket("apo-fresh")).toMatchObject({ id: "apo-fresh", public: false });
    await openStore("apo-fresh");
    expect(api.requests.filter((r) => r.method === "POST" && r.path.endsWith("/bucket"))).toHaveLength(1);
  });

  it("refuses a bucket that exists and is public, and a wrong key", async () => {
    api.addBucket("apo-public", true);
    await expect(openStore("apo-public")).rejects.toThrow(/"apo-public" is public/);
    await expect(openStore("apo-other", localRoot(), "not-the-service-key")).rejects.toThrow(/cannot read bucket/);
    expect(api.bucket("apo-other")).toBeUndefined();
  });

  it("publishes a scan's files, frees the work folder, reads them back, 404s what is not there", async () => {
    const store = await openStore("apo-roundtrip");
    const files = { "evidence_report.json": '{"ok":true}', "network.har": '{"log":{}}', "screenshots/home.png": "png-bytes", "screenshots/banner/close.png": "nested" };
    const artifacts = writeScan(store, "scan-1", files);
    await store.publish("scan-1", artifacts);
    expect(existsSync(store.workDir("scan-1"))).toBe(false);
    expect(api.objectNames("apo-roundtrip")).toEqual(["scan-1/evidence_report.json", "scan-1/network.har", "scan-1/screenshots/banner/close.png", "scan-1/screenshots/home.png"]);

    for (const [file, content] of Object.entries(files)) {
      const found = await store.read("scan-1", file);
      expect(found?.bytes).toBe(Buffer.byteLength(content));
      expect(found?.body).toBeInstanceOf(ReadableStream);
      expect(await text(found!.body)).toBe(content);
    }
    expect(await store.read("scan-1", "missing.json")).toBeNull();
    expect(await store.read("scan-2", "evidence_report.json")).toBeNull();
    // Uploaded as raw streams with their type, never multipart.
    const uploads = api.requests.filter((r) => r.method === "POST" && r.path.includes("/object/apo-roundtrip/"));
    expect(uploads).toHaveLength(4);
    for (const u of uploads) {
      expect(u).toMatchObject({ status: 200, contentLength: String(u.bytes) });
      expect(u.contentType).not.toContain("multipart");
    }
    expect(uploads.find((u) => u.path.endsWith("home.png"))?.contentType).toBe("image/png");
  });

  it("publishing again overwrites (upsert)", async () => {
    const store = await openStore("apo-upsert");
    await store.publish("s", writeScan(store, "s", { "a.txt": "one" }));
    await store.publish("s", writeScan(store, "s", { "a.txt": "two!" }));
    const found = await store.read("s", "a.txt");
    expect(await text(found!.body)).toBe("two!");
  });

  it("remove deletes every object of the scan in every folder, in pages and batches, and nothing of other scans", async () => {
    const store = await openStore("apo-remove");
    const many: Record<string, string> = { "evidence.json": "{}", "deep/a/b/c.txt": "c" };
    for (let i = 0; i < 1_205; i++) many[`screenshots/shot-${String(i).padStart(4, "0")}.png`] = `p${i}`;
    await store.publish("big", writeScan(store, "big", many));
    await store.publish("keep", writeScan(store, "keep", { "evidence.json": "{}", "screenshots/x.png": "x" }));
    expect(api.objectNames("apo-remove")).toHaveLength(1_207 + 2);
    api.requests.length = 0;

    await store.remove("big");
    expect(api.objectNames("apo-remove")).toEqual(["keep/evidence.json", "keep/screenshots/x.png"]);
    const lists = api.requests.filter((r) => r.path === "/storage/v1/object/list/apo-remove");
    const deletes = api.requests.filter((r) => r.method === "DELETE");
    // big/, big/screenshots (2 pages of 1000), big/deep, big/deep/a, big/deep/a/b.
    expect(lists).toHaveLength(6);
    expect(deletes.map((d) => d.status)).toEqual([200, 200]);
    await store.remove("big"); // nothing left: no error
  });

  it("signs a URL that serves the file as a download without keys, and stops serving it when it expires", async () => {
    const store = await openStore("apo-signed");
    await store.publish("s", writeScan(store, "s", { "network.har": '{"log":{"entries":[]}}' }));
    const url = await store.signedUrl("s", "network.har", 2);
    expect(url).toMatch(new RegExp(`^${api.url}/storage/v1/object/sign/apo-signed/s/network\\.har\\?token=`));
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('attachment; filename="network.har"');
    expect(await res.text()).toBe('{"log":{"entries":[]}}');

    // Another object's path with this token is refused.
    const other = url!.replace("/s/network.har", "/s/other.har");
    expect((await fetch(other)).status).toBe(400);
    expect(await store.signedUrl("s", "absent.har", 60)).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const late = await fetch(url!);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: "InvalidJWT", message: "jwt expired" });
  });
});
