// Child process of streaming.test.ts (ESM for top-level await): runs the adapter against the test's Storage API server and
// prints, as one JSON line, how much live ArrayBuffer memory (Buffers, Blobs) each step added.
// A child of its own so the server's memory is not counted and a forced GC is cheap (small heap).
import { createHash } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import type { ScanArtifact } from "../../../../agents/types";
import { SupabaseArtifactStore } from "../../../../lib/store/supabase-artifacts";

const { url, serviceKey, bucket, root, size } = JSON.parse(process.argv[2]!) as { url: string; serviceKey: string; bucket: string; root: string; size: number };
const gc = (globalThis as { gc?: () => void }).gc!;

async function peakGrowth(fn: () => Promise<void>): Promise<number> {
  const live = () => {
    gc();
    return process.memoryUsage().arrayBuffers;
  };
  const base = live();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, live())), 20);
  try {
    await fn();
    peak = Math.max(peak, live());
  } finally {
    clearInterval(timer);
  }
  return peak - base;
}

const store = await SupabaseArtifactStore.open({ url, serviceRoleKey: serviceKey, bucket, localRoot: root });
const artifact = { file: "network.har", kind: "har", contentType: "application/json", bytes: size } as ScanArtifact;
const upload = await peakGrowth(() => store.publish("big-scan", [artifact]));

let readBytes = 0;
const hash = createHash("sha256");
const download = await peakGrowth(async () => {
  const found = await store.read("big-scan", "network.har");
  if (found?.bytes !== size) throw new Error(`read says ${found?.bytes} bytes`);
  for await (const chunk of found.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    readBytes += chunk.length;
  }
});

// The control: storage-js' plain download() resolves to a Blob of the whole file.
const client = createClient(url, serviceKey, { auth: { persistSession: false }, realtime: { transport: ws as unknown as typeof WebSocket } });
let blob: Blob | null = null;
const blobDownload = await peakGrowth(async () => {
  ({ data: blob } = await client.storage.from(bucket).download("big-scan/network.har"));
});
const blobSize = (blob as Blob | null)?.size ?? 0;
blob = null;
process.stdout.write(JSON.stringify({ upload, download, readBytes, sha256: hash.digest("hex"), blobDownload, blobSize }) + "\n");
process.exit(0);
