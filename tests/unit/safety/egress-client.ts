/** Minimal clients that talk to the egress proxy the way a browser does: absolute-form HTTP, CONNECT, and Upgrade. */
import http from "node:http";
import type net from "node:net";
import tls from "node:tls";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => (body += chunk));
    res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on("error", reject);
  });
}

/** A request in absolute form through the proxy (what Chromium sends for http:// URLs). body: string, or chunks streamed without a length. */
export function viaProxy(proxyPort: number, url: string, init: { method?: string; headers?: Record<string, string>; body?: string | string[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: proxyPort, method: init.method ?? "GET", path: url, headers: init.headers, agent: false }, (res) => {
      collect(res).then(resolve, reject);
    });
    req.on("error", reject);
    if (Array.isArray(init.body)) {
      const chunks = [...init.body];
      const next = () => {
        const chunk = chunks.shift();
        if (chunk === undefined) req.end();
        else req.write(chunk, () => setTimeout(next, 5));
      };
      next();
    } else {
      req.end(init.body);
    }
  });
}

export interface Tunnel {
  status: number;
  /** The raw socket after the proxy's answer (open when status is 200). */
  socket: net.Socket;
  /** For a refusal: whatever the proxy wrote after its status line. */
  rest: string;
}

/** CONNECT authority through the proxy. */
export function connectVia(proxyPort: number, authority: string): Promise<Tunnel> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: authority, agent: false });
    req.on("connect", (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (res.statusCode === 200) {
        resolve({ status: 200, socket, rest: head.toString("utf8") });
        return;
      }
      let rest = head.toString("utf8");
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (rest += chunk));
      socket.on("error", () => undefined);
      socket.on("close", () => resolve({ status: res.statusCode ?? 0, socket, rest }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** HTTPS GET over an established tunnel (certificate not verified: the test web's is self-signed). */
export function httpsOverTunnel(socket: net.Socket, servername: string, path = "/"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: servername,
        path,
        // No agent: with one, Node ignores createConnection and would resolve servername itself.
        headers: { Host: servername, Connection: "close" },
        createConnection: () => tls.connect({ socket, servername, rejectUnauthorized: false }),
      },
      (res) => collect(res).then(resolve, reject),
    );
    req.on("error", reject);
    req.end();
  });
}

/** A WebSocket handshake in absolute form through the proxy; resolves with the status and the first bytes after it. */
export function upgradeVia(proxyPort: number, url: string): Promise<{ status: number; socket: net.Socket | null; firstFrame: Promise<Buffer> | null; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: proxyPort,
      path: url,
      agent: false,
      headers: {
        Host: new URL(url).host,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      },
    });
    req.on("upgrade", (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const firstFrame = new Promise<Buffer>((frame) => {
        if (head.length > 0) frame(head);
        else socket.once("data", (chunk: Buffer) => frame(chunk));
      });
      resolve({ status: res.statusCode ?? 0, socket, firstFrame, body: "" });
    });
    req.on("response", (res) => {
      collect(res).then((reply) => resolve({ status: reply.status, socket: null, firstFrame: null, body: reply.body }), reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Resolves when the socket is closed, or rejects after ms. */
export function closedWithin(socket: net.Socket, ms: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
