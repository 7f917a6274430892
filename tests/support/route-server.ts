import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { NextRequest } from "next/server";

/** A Next.js route handler as app/api/**\/route.ts exports it. */
export type RouteHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Route {
  method: string;
  /** `/api/stream/:scanId`: `:name` segments become params. */
  path: string;
  handler: RouteHandler;
}

export interface RouteServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The app's route handlers served over a real HTTP listener on 127.0.0.1, for clients that must
 * talk HTTP (the CLI's remote mode): the request becomes a NextRequest whose signal aborts when the
 * client goes away, and the Response body (SSE included) is streamed back as it is produced.
 */
export async function serveRoutes(routes: readonly Route[]): Promise<RouteServer> {
  const server = createServer((req, res) => {
    void dispatch(routes, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function match(route: Route, method: string, pathname: string): Record<string, string> | null {
  if (route.method !== method) return null;
  const want = route.path.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const method = req.method ?? "GET";
  const found = routes.map((r) => ({ r, params: match(r, method, url.pathname) })).find((m) => m.params !== null);
  if (!found?.params) {
    res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: `no route for ${method} ${url.pathname}` } }));
    return;
  }
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const request = new NextRequest(url, { method, headers, body: chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined, signal: gone.signal });
  let response: Response;
  try {
    response = await found.r.handler(request, { params: Promise.resolve(found.params) });
  } catch (error) {
    res.writeHead(500).end(String(error));
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  body.on("error", () => res.destroy());
  res.on("close", () => body.destroy());
  body.pipe(res);
}
