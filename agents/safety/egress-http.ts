/**
 * Request-line and header handling for the egress proxy: pure functions, no sockets, so the
 * parsing that decides where a connection goes can be tested on its own.
 */

export interface ProxyTarget {
  /** WHATWG-canonical host name (lower case; "2130706433" becomes "127.0.0.1"; IPv6 in brackets). */
  hostname: string;
  port: number;
  /** Path and query exactly as the client sent them (what goes on the upstream request line). */
  path: string;
  /** host[:port] for the upstream Host header (RFC 9112 §3.2.2: a proxy replaces Host with the target's authority). */
  authority: string;
  /** The URL reported when the request is refused. */
  href: string;
}

// RFC 9110 §7.6.1 hop-by-hop fields, plus the de facto Proxy-Connection and Keep-Alive.
const HOP_BY_HOP: ReadonlySet<string> = new Set(["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]);
const NONE: ReadonlySet<string> = new Set();

/**
 * The end-to-end part of a rawHeaders list ([name, value, name, value, …], duplicates and case
 * preserved): drops hop-by-hop fields, every name the Connection field lists, and all Proxy-*
 * fields (credentials for this proxy must never travel on). `keep` lets an upgrade keep Upgrade.
 */
export function endToEndHeaders(raw: readonly string[], keep: ReadonlySet<string> = NONE): string[] {
  const listed = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== "connection") continue;
    for (const token of (raw[i + 1] ?? "").split(",")) listed.add(token.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    const hop = HOP_BY_HOP.has(lower) || listed.has(lower) || lower.startsWith("proxy-");
    if (hop && !keep.has(lower)) continue;
    out.push(name, raw[i + 1] ?? "");
  }
  return out;
}

/**
 * The end-to-end headers with Host set to the request target's authority, first. The connection
 * goes to the address checked for that authority, so the Host a server sees names it too.
 */
export function upstreamHeaders(raw: readonly string[], authority: string, keep: ReadonlySet<string> = NONE): string[] {
  const out = ["Host", authority];
  const rest = endToEndHeaders(raw, keep);
  for (let i = 0; i + 1 < rest.length; i += 2) {
    if (rest[i]?.toLowerCase() !== "host") out.push(rest[i] ?? "", rest[i + 1] ?? "");
  }
  return out;
}

/** True when the request carries a body (so it must be streamed, and must not be retried). */
export function hasBody(headers: { "content-length"?: string; "transfer-encoding"?: string }): boolean {
  if (headers["transfer-encoding"] !== undefined) return true;
  const length = headers["content-length"];
  return length !== undefined && length !== "0";
}

const DEFAULT_PORT: Record<string, number> = { "http:": 80, "ws:": 80 };

/**
 * Parses an absolute-form request target ("http://host:port/path?q"). Only http: (and ws: for
 * upgrades) is proxied in the clear; https goes through CONNECT, so anything else is refused.
 */
export function parseAbsoluteTarget(raw: string, schemes: readonly string[] = ["http:"]): ProxyTarget | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const defaultPort = DEFAULT_PORT[url.protocol];
  if (!schemes.includes(url.protocol) || defaultPort === undefined || url.hostname === "") return null;
  // The WHATWG parser may re-encode the path; forward the client's own bytes instead.
  const afterScheme = raw.slice(raw.indexOf("//") + 2);
  const start = afterScheme.search(/[/?#]/);
  let path = start < 0 ? "/" : afterScheme.slice(start);
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.slice(0, hash);
  if (!path.startsWith("/")) path = `/${path}`;
  const port = url.port === "" ? defaultPort : Number(url.port);
  return { hostname: url.hostname, port, path, authority: url.host, href: url.href };
}

/** Parses a CONNECT authority ("host:443", "[::1]:8443"); the port is required, nothing else is allowed. */
export function parseAuthority(raw: string): ProxyTarget | null {
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s/?#@[\]:]+):\d{1,5}$/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(`http://${raw}/`);
  } catch {
    return null;
  }
  const port = url.port === "" ? 80 : Number(url.port);
  // The scheme inside the tunnel is not visible here; wss:// and https:// both arrive as CONNECT.
  return { hostname: url.hostname, port, path: "/", authority: `${url.hostname}:${port}`, href: `https://${url.hostname}:${port}/` };
}
