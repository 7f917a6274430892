import net from "node:net";

/**
 * The operator's egress proxy for a region (APO_REGION_PROXIES), placed BEHIND the SSRF egress
 * proxy: the guard resolves and vets every destination first, then asks this proxy for a CONNECT
 * tunnel to the checked address (an IP literal, so the upstream does no DNS of its own and a
 * rebinding name cannot reach it). Plain HTTP rides the same tunnels, so the upstream only ever
 * sees CONNECT ip:port.
 */
export interface UpstreamProxy {
  host: string;
  port: number;
  /** "Basic …" when the URL carries user:password. */
  authorization?: string;
  /** The URL without credentials, for logs and evidence. */
  display: string;
}

/** Parses "http://[user:pass@]host:port"; throws naming what is wrong. Only http: proxies (CONNECT in the clear to the proxy). */
export function parseUpstreamProxy(raw: string): UpstreamProxy {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`"${raw}" is not a URL`);
  }
  if (url.protocol !== "http:") throw new Error(`"${url.protocol}" proxies are not supported (use http://host:port)`);
  if (!url.hostname) throw new Error(`"${raw}" has no host`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) throw new Error(`"${url.host}" must have no path or query`);
  const user = decodeURIComponent(url.username);
  const authorization = url.username || url.password ? `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString("base64")}` : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return { host, port: url.port ? Number(url.port) : 80, authorization, display: `http://${url.host}` };
}

const MAX_REPLY_HEAD = 16 * 1024;

/** CONNECT's authority for an address: IPv6 in brackets. */
function authority(address: string, port: number): string {
  return `${net.isIPv6(address) ? `[${address}]` : address}:${port}`;
}

/**
 * A socket tunnelled through the upstream proxy to address:port (already checked by the guard),
 * within timeoutMs. Rejects with ECONNREFUSED-like errors when the upstream refuses, so the
 * egress proxy answers 502 as for an unreachable site.
 */
export function dialThroughUpstream(upstream: UpstreamProxy, address: string, port: number, timeoutMs: number, track: (socket: net.Socket) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: upstream.host, port: upstream.port });
    track(socket);
    socket.on("error", () => socket.destroy());
    let head = Buffer.alloc(0);
    let settled = false;
    const fail = (message: string, code: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(Object.assign(new Error(message), { code }));
    };
    const timer = setTimeout(() => fail(`upstream proxy ${upstream.display}: no tunnel within ${timeoutMs} ms`, "ETIMEDOUT"), timeoutMs);
    socket.once("connect", () => {
      const target = authority(address, port);
      const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
      if (upstream.authorization) lines.push(`Proxy-Authorization: ${upstream.authorization}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_REPLY_HEAD) fail(`upstream proxy ${upstream.display}: reply head too long`, "ECONNREFUSED");
        return;
      }
      // The tunnel's reader (pipe, or the http client's parser) attaches in the same microtask
      // chain as this resolve, before any further I/O can be read; not pausing keeps the http
      // client (which never calls resume()) working.
      socket.off("data", onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString("latin1"))?.[1];
      if (status !== "200") {
        fail(`upstream proxy ${upstream.display} refused CONNECT ${authority(address, port)} (${status ?? "no status"})`, "ECONNREFUSED");
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Bytes the target sent right after the reply belong to the tunnel's reader.
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    socket.on("data", onData);
    socket.once("close", () => fail(`upstream proxy ${upstream.display}: connection closed before the tunnel opened`, "ECONNREFUSED"));
  });
}
