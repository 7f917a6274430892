import http from "node:http";
import type net from "node:net";
import type { Duplex } from "node:stream";
import { PinnedAgent, dialPinned, directDial, type DialMap, type DialSettings, type PinnedRequestOptions, type PinnedTarget } from "./egress-dial";
import { endToEndHeaders, hasBody, upstreamHeaders, parseAbsoluteTarget, parseAuthority, type ProxyTarget } from "./egress-http";
import { browserPorts, type PortPolicy } from "./egress-ports";
import { createResolveGuard, type LookupAll } from "./resolve-guard";
import { parseUpstreamProxy } from "./upstream-proxy";

/**
 * The scanner's Chromium sends every connection through this in-process forward proxy
 * (--proxy-server plus --proxy-bypass-list=<-loopback>, see egressChromiumArgs). The proxy, not
 * the browser, resolves each host name, refuses names that are or resolve to non-public addresses
 * (ip-policy.ts), and connects to exactly the address it checked. That closes the two holes a
 * route-based guard has: redirect hops are checked before they are sent, and a DNS-rebinding name
 * cannot be resolved a second time to a private address.
 */

export interface EgressBlock {
  /** The full URL for plain HTTP and ws:// upgrades; "https://host:port/" for a CONNECT tunnel (the proxy cannot see the scheme inside it). */
  url: string;
  host: string;
  port: number;
  method: string;
  reason: string;
  /** policy: a non-public address or loopback name (403); port: a refused port (403); unresolved: no DNS answer, or none in time (502/504). */
  kind: "policy" | "port" | "unresolved";
}

export interface EgressProxyOptions {
  /** When true every public and private address is allowed (the proxy still pins what it resolved). */
  allowPrivate: boolean;
  /** Non-public ranges the scan may reach (APO_ALLOWED_PRIVATE_CIDRS); loopback, link-local and metadata addresses stay refused. */
  allowedPrivateCidrs?: readonly string[];
  /** DNS hook, as for createResolveGuard; default: the system resolver (getaddrinfo). */
  lookup?: LookupAll;
  /** How long a DNS answer is reused by this proxy. A name once seen resolving privately stays refused regardless. Default 60 s. */
  dnsTtlMs?: number;
  /** Test hook, like Chromium's --host-resolver-rules: where to connect for a checked (address, port). Must return an IP. Default: that address and port. */
  dial?: DialMap;
  /** Destination ports the proxy connects to. Default browserPorts: all but the Fetch Standard's bad ports. */
  allowPort?: PortPolicy;
  /** Bound for resolving a name, and separately for connecting to it. Default 10 s. */
  connectTimeoutMs?: number;
  /** A connected socket (tunnel, upgrade, pooled upstream) silent for this long is closed. Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * The region's egress proxy ("http://[user:pass@]host:port"): every admitted connection goes
   * through its CONNECT tunnels to the checked address. It is this proxy's upstream, never a way
   * around it: refusals happen here first.
   */
  upstreamProxy?: string;
  /** Called for every refusal. Exceptions it throws are ignored. */
  onBlocked?: (blocked: EgressBlock) => void;
}

export interface EgressProxy {
  /** "http://127.0.0.1:<port>", for --proxy-server. */
  url: string;
  port: number;
  /** Refusals in order, the first MAX_RECORDED_BLOCKS of them (onBlocked sees all). */
  blocked: readonly EgressBlock[];
  /** Stops listening and destroys every open socket, both sides, at once. */
  close(): Promise<void>;
}

export const MAX_RECORDED_BLOCKS = 1_000;

/** The Chromium switches that send all of the browser's traffic, loopback included, through the proxy. */
export function egressChromiumArgs(proxyUrl: string): string[] {
  return [
    `--proxy-server=${proxyUrl}`,
    // Chromium bypasses proxies for localhost and loopback IPs unless told otherwise.
    "--proxy-bypass-list=<-loopback>",
    // WebRTC sends UDP (STUN/TURN) straight to any address; this confines it to proxied TCP.
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
  ];
}

type Admission = { ok: true; pin: PinnedTarget } | { ok: false; status: number; reason: string };

const KEEP_UPGRADE: ReadonlySet<string> = new Set(["upgrade"]);
// Only requests whose retry cannot repeat a side effect are retried after a stale pooled socket.
const RETRYABLE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
const CLIENT_KEEP_ALIVE_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

const refusalText = (status: number, reason: string) =>
  status === 403 ? `Blocked by the APO egress proxy: ${reason}\n` : `APO egress proxy: ${reason}\n`;

function sendPlain(res: http.ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Answers on a raw socket (CONNECT, upgrade) and closes it; a client that never closes its half is cut off after a second. */
function refuseRaw(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** Pipes two sockets both ways; when either side ends badly or closes, both are destroyed. */
function splice(client: Duplex, upstream: net.Socket, idleMs: number): void {
  const both = () => {
    client.destroy();
    upstream.destroy();
  };
  for (const side of [client, upstream]) {
    side.on("error", both);
    side.on("close", both);
  }
  if ("setTimeout" in client && typeof client.setTimeout === "function") (client as net.Socket).setTimeout(idleMs, both);
  client.pipe(upstream);
  upstream.pipe(client);
}

/** Starts the proxy on 127.0.0.1, on a free port. One per scan (its DNS cache and refusals are the scan's). */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const guard = createResolveGuard({
    allowPrivate: options.allowPrivate,
    allowedPrivateCidrs: options.allowedPrivateCidrs,
    lookup: options.lookup,
    ttlMs: options.dnsTtlMs,
  });
  const allowPort = options.allowPort ?? browserPorts;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const blocked: EgressBlock[] = [];
  const sockets = new Set<Duplex>();
  let closed = false;

  const track = (socket: Duplex) => {
    if (closed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const upstream = options.upstreamProxy ? parseUpstreamProxy(options.upstreamProxy) : undefined;
  const settings: DialSettings = { map: options.dial ?? directDial, timeoutMs: connectTimeoutMs, idleMs, track, upstream };
  const agent = new PinnedAgent(() => settings);

  function report(block: EgressBlock): void {
    if (blocked.length < MAX_RECORDED_BLOCKS) blocked.push(block);
    try {
      options.onBlocked?.(block);
    } catch {
      // A caller's bug must not take the proxy down.
    }
  }

  /** Port policy, then the guard: every refusal is reported; an allowed name comes back with its checked addresses. */
  async function admit(target: ProxyTarget, method: string): Promise<Admission> {
    const refuse = (status: number, kind: EgressBlock["kind"], reason: string): Admission => {
      report({ url: target.href, host: target.hostname, port: target.port, method, reason, kind });
      return { ok: false, status, reason };
    };
    if (!allowPort(target.port)) return refuse(403, "port", `port ${target.port} is not allowed`);
    const resolution = await withTimeout(guard.resolveHost(target.hostname), connectTimeoutMs);
    if (resolution === "timeout") return refuse(504, "unresolved", `${target.hostname} did not resolve within ${connectTimeoutMs} ms`);
    if (!resolution.allowed) return refuse(resolution.unresolved ? 502 : 403, resolution.unresolved ? "unresolved" : "policy", resolution.reason);
    return { ok: true, pin: { hostname: target.hostname, port: target.port, addresses: resolution.addresses } };
  }

  /** Plain HTTP: forward to the pinned address through the keep-alive agent, streaming both bodies. */
  function forward(req: http.IncomingMessage, res: http.ServerResponse, target: ProxyTarget, pin: PinnedTarget, retried: boolean): void {
    const method = req.method ?? "GET";
    const bodyless = !hasBody(req.headers);
    const requestOptions: PinnedRequestOptions = {
      agent,
      pin,
      host: pin.addresses[0],
      port: pin.port,
      method,
      path: target.path,
      // upstreamHeaders sets Host itself; setHost:false keeps Node from adding another.
      headers: upstreamHeaders(req.rawHeaders, target.authority) as unknown as http.OutgoingHttpHeaders,
      setHost: false,
    };
    const upstream = http.request(requestOptions);
    let responded = false;
    let clientGone = false;
    upstream.on("response", (upstreamRes) => {
      responded = true;
      try {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, endToEndHeaders(upstreamRes.rawHeaders));
      } catch {
        upstreamRes.destroy();
        res.destroy();
        return;
      }
      upstreamRes.on("error", () => res.destroy());
      upstreamRes.pipe(res);
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (clientGone) return;
      if (!responded && !retried && upstream.reusedSocket && error.code === "ECONNRESET" && bodyless && RETRYABLE_METHODS.has(method)) {
        // The pooled socket had been closed by the server while idle: one fresh attempt.
        forward(req, res, target, pin, true);
        return;
      }
      if (responded) res.destroy();
      else sendPlain(res, error.code === "ETIMEDOUT" ? 504 : 502, `APO egress proxy: could not reach ${target.hostname}:${target.port}\n`);
    });
    // The client went away before the answer was complete: stop the upstream side too (and never retry for it).
    res.on("close", () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstream.destroy();
    });
    if (bodyless) {
      req.resume();
      upstream.end();
    } else {
      req.pipe(upstream);
    }
  }

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.sendDate = false;
    // A client that resets mid-request must not surface as an unhandled 'error'.
    req.on("error", () => res.destroy());
    res.on("error", () => res.destroy());
    const target = parseAbsoluteTarget(req.url ?? "");
    if (!target) {
      sendPlain(res, 400, "APO egress proxy: expected an absolute http:// request target\n");
      return;
    }
    const admission = await admit(target, req.method ?? "GET");
    if (closed || req.socket.destroyed) return;
    if (!admission.ok) {
      req.resume();
      sendPlain(res, admission.status, refusalText(admission.status, admission.reason));
      return;
    }
    forward(req, res, target, admission.pin, false);
  }

  /** CONNECT (https, wss and Chromium's ws://): 200 and a byte tunnel to the pinned address, or a refusal before any byte moves. */
  async function onConnect(req: http.IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    // Nothing the client sends early may be lost or forwarded before the decision.
    client.pause();
    client.on("error", () => client.destroy());
    const target = parseAuthority(req.url ?? "");
    if (!target) {
      refuseRaw(client, 400, "APO egress proxy: expected CONNECT host:port\n");
      return;
    }
    const admission = await admit(target, "CONNECT");
    if (!admission.ok) {
      refuseRaw(client, admission.status, refusalText(admission.status, admission.reason));
      return;
    }
    await tunnel(client, admission.pin, target, "HTTP/1.1 200 Connection Established\r\n\r\n", head);
  }

  /** Absolute-form Upgrade requests (ws:// from clients that do not use CONNECT): the request head is replayed to the pinned address. */
  async function onUpgrade(req: http.IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    client.pause();
    client.on("error", () => client.destroy());
    const target = parseAbsoluteTarget(req.url ?? "", ["http:", "ws:"]);
    if (!target) {
      refuseRaw(client, 400, "APO egress proxy: expected an absolute http:// or ws:// request target\n");
      return;
    }
    const admission = await admit(target, req.method ?? "GET");
    if (!admission.ok) {
      refuseRaw(client, admission.status, refusalText(admission.status, admission.reason));
      return;
    }
    const headers = upstreamHeaders(req.rawHeaders, target.authority, KEEP_UPGRADE);
    let requestHead = `${req.method ?? "GET"} ${target.path} HTTP/1.1\r\n`;
    for (let i = 0; i + 1 < headers.length; i += 2) requestHead += `${headers[i]}: ${headers[i + 1]}\r\n`;
    requestHead += "Connection: Upgrade\r\n\r\n";
    await tunnel(client, admission.pin, target, null, Buffer.concat([Buffer.from(requestHead, "latin1"), head]));
  }

  async function tunnel(client: Duplex, pin: PinnedTarget, target: ProxyTarget, reply: string | null, first: Buffer): Promise<void> {
    let upstream: net.Socket;
    try {
      upstream = await dialPinned(pin, settings);
    } catch (error) {
      const timedOut = (error as NodeJS.ErrnoException).code === "ETIMEDOUT";
      refuseRaw(client, timedOut ? 504 : 502, `APO egress proxy: could not reach ${target.hostname}:${target.port}\n`);
      return;
    }
    if (client.destroyed || closed) {
      upstream.destroy();
      return;
    }
    if (reply) client.write(reply);
    if (first.length > 0) upstream.write(first);
    splice(client, upstream, idleMs);
  }

  const server = http.createServer();
  server.keepAliveTimeout = Math.min(CLIENT_KEEP_ALIVE_MS, idleMs);
  server.headersTimeout = Math.max(20_000, server.keepAliveTimeout + 1_000);
  server.on("connection", track);
  // A malformed request gets a 400 and the socket is closed; a reset socket is just destroyed.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) socket.destroy();
    else refuseRaw(socket, 400, "APO egress proxy: bad request\n");
  });
  server.on("request", (req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  server.on("connect", (req, socket, head) => {
    onConnect(req, socket, head).catch(() => socket.destroy());
  });
  server.on("upgrade", (req, socket, head) => {
    onUpgrade(req, socket, head).catch(() => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("egress proxy: no TCP address");
  server.on("error", () => undefined);

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    blocked,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.closeAllConnections();
      }),
  };
}
