import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import ws from "ws";
import type { ScanArtifact } from "@/agents/types";
import type { ArtifactBody, ArtifactStore } from "./artifact-store";
import { mapLimit, objectsUnder, type ListPage } from "./storage-walk";
import { streamingFetch } from "./streaming-fetch";

export interface SupabaseArtifactOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  /** Where the engine writes a scan's files before they are published. */
  localRoot: string;
  /** Parallel uploads per publish. */
  uploadConcurrency?: number;
}

/** What the Storage API says in its error body (legacy `statusCode` as a string) and the HTTP status. */
interface StorageApiFailure {
  message: string;
  status?: number;
  statusCode?: string;
}

const isNotFound = (e: StorageApiFailure) => e.statusCode === "404" || e.status === 404;
const isDuplicate = (e: StorageApiFailure) => e.statusCode === "409" || e.status === 409;
/** The Storage API deletes at most this many objects per request. */
const DELETE_BATCH = 1000;
const LIST_PAGE = 1000;

/**
 * Artefacts in a private Supabase Storage bucket, under <scanId>/<file>. The engine writes to a
 * local work folder; publish streams each file from disk (never a whole-file buffer) and then
 * frees the folder; read streams the object back; signedUrl hands out short-lived links so large
 * files (HAR, PDF) go from Storage to the browser without passing through the app.
 * Use SupabaseArtifactStore.open: it makes sure the bucket exists and is private.
 */
export class SupabaseArtifactStore implements ArtifactStore {
  readonly kind = "supabase" as const;
  private readonly client: SupabaseClient;
  private readonly bucket: string;
  private readonly localRoot: string;
  private readonly objectBase: string;
  private readonly authHeaders: Record<string, string>;
  private readonly uploadConcurrency: number;

  private constructor(options: SupabaseArtifactOptions) {
    this.bucket = options.bucket;
    this.localRoot = options.localRoot;
    this.uploadConcurrency = options.uploadConcurrency ?? 4;
    // On Node 20 supabase-js 2.109 needs an explicit WebSocket implementation for realtime.
    this.client = createClient(options.url, options.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as unknown as typeof WebSocket },
      global: { fetch: streamingFetch },
    });
    this.objectBase = `${options.url.replace(/\/+$/, "")}/storage/v1/object/authenticated/${encodeURIComponent(this.bucket)}`;
    this.authHeaders = { apikey: options.serviceRoleKey, Authorization: `Bearer ${options.serviceRoleKey}` };
  }

  /** The store, once its bucket is known to exist and to be private (created private if missing). */
  static async open(options: SupabaseArtifactOptions): Promise<SupabaseArtifactStore> {
    const store = new SupabaseArtifactStore(options);
    await store.ensurePrivateBucket();
    return store;
  }

  workDir(scanId: string): string {
    return join(this.localRoot, "scans", scanId);
  }

  /**
   * Refuses a public bucket: anyone who guesses <scanId>/<file> could read a scan's evidence
   * (HARs hold the scanned site's cookies and request bodies) without any APO check.
   */
  async ensurePrivateBucket(): Promise<void> {
    const storage = this.client.storage;
    let { data, error } = await storage.getBucket(this.bucket);
    if (error && isNotFound(error)) {
      const created = await storage.createBucket(this.bucket, { public: false });
      // Another container may have created it in between: read it again either way.
      if (created.error && !isDuplicate(created.error)) throw new Error(`Supabase Storage: cannot create bucket "${this.bucket}": ${created.error.message}`);
      ({ data, error } = await storage.getBucket(this.bucket));
    }
    if (error || !data) throw new Error(`Supabase Storage: cannot read bucket "${this.bucket}": ${error?.message ?? "no answer"}`);
    if (data.public) {
      throw new Error(
        `Supabase Storage bucket "${this.bucket}" is public: scan evidence would be readable by anyone with its path. ` +
          `Make it private (Storage → bucket → Edit → Public off) or set SUPABASE_STORAGE_BUCKET to a private bucket.`,
      );
    }
  }

  async publish(scanId: string, artifacts: ScanArtifact[]): Promise<void> {
    await mapLimit(artifacts, this.uploadConcurrency, (a) => this.upload(scanId, a));
    await rm(this.workDir(scanId), { recursive: true, force: true });
  }

  /**
   * Streams one file from disk: storage-js sends a Node stream as the raw body (not multipart),
   * and streamingFetch sends it with backpressure.
   */
  private async upload(scanId: string, a: ScanArtifact): Promise<void> {
    const path = join(this.workDir(scanId), a.file);
    const { size } = await stat(path);
    const { error } = await this.client.storage.from(this.bucket).upload(`${scanId}/${a.file}`, createReadStream(path), {
      contentType: a.contentType,
      upsert: true,
      duplex: "half",
      // Storage checks the size limit against it; without it the body goes chunked.
      headers: { "content-length": String(size) },
    });
    if (error) throw new Error(`upload of ${a.file} failed: ${error.message}`);
  }

  /**
   * Streams the object. storage-js' download() reads the whole body into a Blob, and its
   * asStream() drops the response headers, so the documented authenticated object route is
   * fetched directly to keep both the stream and the Content-Length.
   */
  async read(scanId: string, file: string): Promise<ArtifactBody | null> {
    const res = await fetch(`${this.objectBase}/${encodeObjectPath(`${scanId}/${file}`)}`, { headers: this.authHeaders });
    if (!res.ok) {
      const failure = await failureOf(res);
      if (isNotFound(failure)) return null;
      throw new Error(`Supabase Storage: download of ${file} failed: ${failure.message}`);
    }
    const length = Number(res.headers.get("content-length"));
    if (!res.body || !Number.isFinite(length) || res.headers.get("content-length") === null) {
      await res.body?.cancel();
      throw new Error(`Supabase Storage: download of ${file} came without a body or a length`);
    }
    return { body: res.body as ReadableStream<Uint8Array>, bytes: length };
  }

  /** A link that serves the file for `seconds` with no other credential, saved under its own name. */
  async signedUrl(scanId: string, file: string, seconds: number): Promise<string | null> {
    const name = file.split("/").pop() ?? file;
    const { data, error } = await this.client.storage.from(this.bucket).createSignedUrl(`${scanId}/${file}`, seconds, { download: name });
    if (error && isNotFound(error)) return null;
    if (error || !data) throw new Error(`Supabase Storage: cannot sign ${file}: ${error?.message ?? "no answer"}`);
    return data.signedUrl;
  }

  /** Every object under <scanId>/, in every folder (screenshots/ and whatever comes later). */
  async remove(scanId: string): Promise<void> {
    const storage = this.client.storage.from(this.bucket);
    const listPage: ListPage = async (folder, offset) => {
      const { data, error } = await storage.list(folder, { limit: LIST_PAGE, offset, sortBy: { column: "name", order: "asc" } });
      if (error) throw new Error(`Supabase Storage: cannot list ${folder}: ${error.message}`);
      return data;
    };
    const paths = await objectsUnder(scanId, listPage, LIST_PAGE);
    for (let i = 0; i < paths.length; i += DELETE_BATCH) {
      const { error } = await storage.remove(paths.slice(i, i + DELETE_BATCH));
      if (error) throw new Error(`Supabase Storage: cannot remove objects of scan ${scanId}: ${error.message}`);
    }
    await rm(this.workDir(scanId), { recursive: true, force: true });
  }
}

function encodeObjectPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

async function failureOf(res: Response): Promise<StorageApiFailure> {
  const body = (await res.json().catch(() => null)) as { message?: string; statusCode?: string | number } | null;
  return { status: res.status, statusCode: body?.statusCode === undefined ? undefined : String(body.statusCode), message: body?.message ?? `HTTP ${res.status}` };
}
