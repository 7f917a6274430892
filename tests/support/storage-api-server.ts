import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A local stand-in for Supabase Storage (the `/storage/v1` routes supabase-js 2.x calls), written
 * from the Storage API's documented contract so the real client can be exercised without a
 * Supabase stack: buckets (get, create), objects (upload with x-upsert, update, download through
 * /object/{bucket}/… and /object/authenticated/{bucket}/…, list one folder level with folders as
 * entries whose id is null, delete by exact names, at most 1000 per call) and signed URLs (a
 * HS256 token over `{url: "<bucket>/<path>", iat, exp}`, checked on GET /object/sign/…).
 *
 * Every route but the signed GET wants the service-role key in both `apikey` and
 * `Authorization: Bearer`. Errors use the legacy body `{statusCode, error, message}` with HTTP
 * 400 for "not found" and "duplicate" (hosted Storage still answers so; callers must read the
 * body's statusCode). Objects live on disk; bodies are streamed both ways, and each request
 * records the most bytes it held in memory at once (received but not yet written, or read but
 * not yet flushed to the socket), so a test can prove a client streams.
 */
export interface StorageApiServer {
  /** The project URL to hand to createClient (the server answers under /storage/v1). */
  url: string;
  serviceKey: string;
  /** Per request: method, path, bytes moved and the peak held in memory. */
  readonly requests: RequestRecord[];
  /** Creates a bucket directly (e.g. a public one, to test that the app refuses it). */
  addBucket(id: string, isPublic: boolean): void;
  bucket(id: string): BucketRecord | undefined;
  /** Object names in a bucket, sorted. */
  objectNames(bucket: string): string[];
  close(): Promise<void>;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** The request's Content-Type and Content-Length headers (null when absent, e.g. chunked). */
  contentType: string | null;
  contentLength: string | null;
  status: number;
  bytes: number;
  maxHeldBytes: number;
}

interface BucketRecord {
  id: string;
  name: string;
  public: boolean;
  created_at: string;
  updated_at: string;
}

interface ObjectRecord {
  id: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  created_at: string;
  updated_at: string;
}

class StorageHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: string,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (what: string) => new StorageHttpError(400, "404", "not_found", `${what} not found`);
const MAX_DELETE = 1000;

export async function startStorageApiServer(options: { serviceKey?: string; jwtSecret?: string } = {}): Promise<StorageApiServer> {
  const serviceKey = options.serviceKey ?? `service-role-${randomUUID()}`;
  const jwtSecret = options.jwtSecret ?? randomUUID();
  const root = await mkdtemp(join(tmpdir(), "apo-storage-api-"));
  const buckets = new Map<string, BucketRecord>();
  const objects = new Map<string, Map<string, ObjectRecord>>();
  const requests: RequestRecord[] = [];

  const addBucket = (id: string, isPublic: boolean) => {
    const now = new Date().toISOString();
    buckets.set(id, { id, name: id, public: isPublic, created_at: now, updated_at: now });
    objects.set(id, new Map());
  };
  const fileOf = (bucket: string, name: string) => join(root, "objects", bucket, ...name.split("/"));

  const server = createServer((req, res) => {
    const record: RequestRecord = {
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0]!,
      contentType: req.headers["content-type"] ?? null,
      contentLength: req.headers["content-length"] ?? null,
      status: 0,
      bytes: 0,
      maxHeldBytes: 0,
    };
    requests.push(record);
    handle(req, res, record)
      .catch((err: unknown) => {
        const e = err instanceof StorageHttpError ? err : new StorageHttpError(500, "500", "internal", err instanceof Error ? err.message : String(err));
        if (!res.headersSent) sendJson(res, e.httpStatus, { statusCode: e.statusCode, error: e.error, message: e.message });
        else res.destroy();
      })
      .finally(() => (record.status = res.statusCode));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, record: RequestRecord): Promise<void> {
    const url = new URL(req.url ?? "/", "http://storage.local");
    const prefix = "/storage/v1";
    if (!url.pathname.startsWith(prefix + "/")) throw new StorageHttpError(404, "404", "not_found", "Route not found");
    const parts = url.pathname.slice(prefix.length + 1).split("/").map(decodeURIComponent);
    const method = req.method ?? "GET";

    // The one route a browser reaches without keys: the token is the authorisation.
    if (method === "GET" && parts[0] === "object" && parts[1] === "sign") {
      const bucket = parts[2] ?? "";
      const name = parts.slice(3).join("/");
      const claims = verifyToken(url.searchParams.get("token") ?? "", jwtSecret);
      if (claims.url !== `${bucket}/${name}`) throw new StorageHttpError(400, "400", "InvalidSignature", "The url do not match the signature");
      const download = url.searchParams.get("download");
      return sendObject(bucket, name, res, record, download === null ? null : download || name.split("/").pop()!);
    }

    requireServiceRole(req);

    if (parts[0] === "bucket") {
      if (method === "GET" && parts.length === 2) {
        const b = buckets.get(parts[1]!);
        if (!b) throw notFound("Bucket");
        return sendJson(res, 200, { ...b, owner: "", file_size_limit: null, allowed_mime_types: null });
      }
      if (method === "POST" && parts.length === 1) {
        const body = (await readJson(req)) as { id?: string; name?: string; public?: boolean };
        const id = body.id ?? body.name;
        if (!id) throw new StorageHttpError(400, "400", "invalid_request", "body must have id");
        if (buckets.has(id)) throw new StorageHttpError(400, "409", "Duplicate", "The resource already exists");
        addBucket(id, body.public === true);
        return sendJson(res, 200, { name: id });
      }
    }

    if (parts[0] === "object") {
      // POST /object/sign/{bucket}/{path} {expiresIn}
      if (method === "POST" && parts[1] === "sign" && parts.length >= 4) {
        const bucket = parts[2]!;
        const name = parts.slice(3).join("/");
        const { expiresIn } = (await readJson(req)) as { expiresIn?: number };
        if (!Number.isInteger(expiresIn) || expiresIn! < 1) throw new StorageHttpError(400, "400", "invalid_request", "body/expiresIn must be an integer >= 1");
        objectOf(bucket, name);
        const now = Math.floor(Date.now() / 1000);
        const token = signToken({ url: `${bucket}/${name}`, iat: now, exp: now + expiresIn! }, jwtSecret);
        return sendJson(res, 200, { signedURL: `/object/sign/${encodePath(`${bucket}/${name}`)}?token=${token}` });
      }
      // POST /object/list/{bucket} {prefix, limit, offset, sortBy, search}
      if (method === "POST" && parts[1] === "list" && parts.length === 3) {
        const bucket = parts[2]!;
        const body = (await readJson(req)) as { prefix?: string; limit?: number; offset?: number; search?: string };
        if (typeof body.prefix !== "string") throw new StorageHttpError(400, "400", "invalid_request", "body must have required property 'prefix'");
        return sendJson(res, 200, listLevel(bucket, body.prefix, body.limit ?? 100, body.offset ?? 0, body.search ?? ""));
      }
      // DELETE /object/{bucket} {prefixes}
      if (method === "DELETE" && parts.length === 2) {
        const bucket = parts[1]!;
        bucketOf(bucket);
        const { prefixes } = (await readJson(req)) as { prefixes?: string[] };
        if (!Array.isArray(prefixes) || prefixes.length === 0) throw new StorageHttpError(400, "400", "invalid_request", "body/prefixes must NOT have fewer than 1 items");
        if (prefixes.length > MAX_DELETE) throw new StorageHttpError(400, "400", "InvalidRequest", `At most ${MAX_DELETE} objects can be deleted per request.`);
        const store = objects.get(bucket)!;
        const deleted = [];
        for (const name of prefixes) {
          const obj = store.get(name);
          if (!obj) continue;
          store.delete(name);
          await rm(fileOf(bucket, name), { force: true });
          deleted.push({ name, bucket_id: bucket, id: obj.id, metadata: { size: obj.size, mimetype: obj.mimetype } });
        }
        return sendJson(res, 200, deleted);
      }
      // GET /object/{bucket}/{path} and GET /object/authenticated/{bucket}/{path}
      if (method === "GET") {
        const rest = parts[1] === "authenticated" ? parts.slice(2) : parts.slice(1);
        return sendObject(rest[0] ?? "", rest.slice(1).join("/"), res, record, null);
      }
      // POST (create, x-upsert) and PUT (update) /object/{bucket}/{path}
      if ((method === "POST" || method === "PUT") && parts.length >= 3) {
        const bucket = parts[1]!;
        const name = parts.slice(2).join("/");
        bucketOf(bucket);
        const store = objects.get(bucket)!;
        const existing = store.get(name);
        if (method === "POST" && existing && req.headers["x-upsert"] !== "true") throw new StorageHttpError(400, "409", "Duplicate", "The resource already exists");
        if (method === "PUT" && !existing) throw notFound("Object");
        const mimetype = String(req.headers["content-type"] ?? "application/octet-stream");
        if (mimetype.startsWith("multipart/form-data")) throw new StorageHttpError(400, "400", "not_supported", "this test server takes raw bodies only (the app uploads streams)");
        const size = await receiveToFile(req, fileOf(bucket, name), record);
        const now = new Date().toISOString();
        const id = existing?.id ?? randomUUID();
        store.set(name, { id, size, mimetype, cacheControl: String(req.headers["cache-control"] ?? "no-cache"), created_at: existing?.created_at ?? now, updated_at: now });
        return sendJson(res, 200, { Id: id, Key: `${bucket}/${name}` });
      }
    }
    throw new StorageHttpError(404, "404", "not_found", `Route ${method}:${url.pathname} not found`);
  }

  function requireServiceRole(req: IncomingMessage): void {
    const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
    if (!safeEqual(bearer, serviceKey) || !safeEqual(String(req.headers.apikey ?? ""), serviceKey)) {
      throw new StorageHttpError(400, "403", "Unauthorized", "invalid service-role key");
    }
  }

  function bucketOf(id: string): BucketRecord {
    const b = buckets.get(id);
    if (!b) throw notFound("Bucket");
    return b;
  }

  function objectOf(bucket: string, name: string): ObjectRecord {
    bucketOf(bucket);
    const obj = objects.get(bucket)!.get(name);
    if (!obj) throw notFound("Object");
    return obj;
  }

  /** One folder level under prefix (a folder prefix, with or without its trailing slash). */
  function listLevel(bucket: string, prefix: string, limit: number, offset: number, search: string) {
    bucketOf(bucket);
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const entries = new Map<string, ObjectRecord | null>();
    for (const [name, obj] of objects.get(bucket)!) {
      if (!name.startsWith(folder)) continue;
      const rest = name.slice(folder.length);
      const slash = rest.indexOf("/");
      const entry = slash === -1 ? rest : rest.slice(0, slash);
      if (!entry.toLowerCase().startsWith(search.toLowerCase())) continue;
      if (slash === -1) entries.set(entry, obj);
      else if (!entries.has(entry)) entries.set(entry, null);
    }
    return [...entries]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(offset, offset + limit)
      .map(([name, obj]) =>
        obj
          ? { name, id: obj.id, updated_at: obj.updated_at, created_at: obj.created_at, last_accessed_at: obj.updated_at, metadata: { size: obj.size, mimetype: obj.mimetype, cacheControl: obj.cacheControl } }
          : { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null },
      );
  }

  async function sendObject(bucket: string, name: string, res: ServerResponse, record: RequestRecord, attachmentName: string | null): Promise<void> {
    const obj = objectOf(bucket, name);
    const path = fileOf(bucket, name);
    const info = await stat(path);
    res.writeHead(200, {
      "content-type": obj.mimetype,
      "content-length": String(info.size),
      "cache-control": obj.cacheControl,
      ...(attachmentName === null ? {} : { "content-disposition": `attachment; filename="${attachmentName.replace(/[^\w.-]/g, "_")}"` }),
    });
    await pump(createReadStream(path), res, record);
    res.end();
  }

  async function receiveToFile(req: IncomingMessage, path: string, record: RequestRecord): Promise<number> {
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.part`;
    const out = createWriteStream(partial);
    try {
      await pump(req, out, record);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      await rename(partial, path);
    } catch (err) {
      out.destroy();
      await rm(partial, { force: true });
      throw err;
    }
    return record.bytes;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    serviceKey,
    requests,
    addBucket,
    bucket: (id) => buckets.get(id),
    objectNames: (bucket) => [...(objects.get(bucket)?.keys() ?? [])].sort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void rm(root, { recursive: true, force: true }).then(() => resolve()));
      }),
  };
}

/**
 * Copies a readable into a writable chunk by chunk, pausing the source while the sink is full.
 * "Held" is what has been read but not yet accepted by the sink (its write callback), so the
 * record shows the most bytes this request ever kept in memory.
 */
function pump(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, record: RequestRecord): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let held = 0;
    let ended = false;
    const settleIfDone = () => {
      if (ended && held === 0) resolve();
    };
    from.on("data", (chunk: Buffer) => {
      held += chunk.length;
      record.bytes += chunk.length;
      record.maxHeldBytes = Math.max(record.maxHeldBytes, held);
      const more = to.write(chunk, (err?: Error | null) => {
        if (err) return reject(err);
        held -= chunk.length;
        settleIfDone();
      });
      if (!more) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    });
    from.on("end", () => {
      ended = true;
      settleIfDone();
    });
    from.on("error", reject);
    to.on("error", reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new StorageHttpError(400, "413", "Payload too large", "JSON body over 1 MB");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new StorageHttpError(400, "400", "invalid_request", "body is not JSON");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function signToken(claims: Record<string, unknown>, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${b64url(createHmac("sha256", secret).update(head).digest())}`;
}

function verifyToken(token: string, secret: string): { url: string; exp: number } {
  const [h, p, s] = token.split(".");
  if (!h || !p || !s) throw new StorageHttpError(400, "400", "InvalidJWT", "jwt malformed");
  if (!safeEqual(s, b64url(createHmac("sha256", secret).update(`${h}.${p}`).digest()))) throw new StorageHttpError(400, "400", "InvalidJWT", "invalid signature");
  const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as { url: string; exp: number };
  if (!(claims.exp > Date.now() / 1000)) throw new StorageHttpError(400, "400", "InvalidJWT", "jwt expired");
  return claims;
}
