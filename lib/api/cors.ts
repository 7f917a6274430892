// CORS for API clients served from other origins (an origin system's own front end, GRC
// dashboards). Pure: proxy.ts feeds it the request and applies the headers; lib/env.ts parses
// APO_CORS_ORIGINS with parseCorsOrigins. No dependencies and no aliases: next.config.ts loads
// lib/env.ts, which imports this file.
//
// Only exact origins are allowed, never `*`, and never credentials: a cross-origin caller
// authenticates with a bearer token it holds, and the browser never attaches our session cookie
// to a request whose response it may read.

export const CORS_ALLOW_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS";
export const CORS_ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID";
export const CORS_EXPOSE_HEADERS = "Retry-After, X-Request-Id, Content-Disposition";
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * `https://app.example.com, http://localhost:3000` → exact, normalised origins. Throws with the
 * offending entry for `*`, `null`, paths, credentials, or anything that is not an http(s) origin.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  const entries = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const origins = entries.map((entry) => {
    if (entry.includes("*")) throw new Error(`'${entry}': wildcards are not allowed, list each origin (scheme://host[:port]) that may call the API`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`'${entry}' is not an origin (scheme://host[:port])`);
    }
    // An origin has no path, query, fragment or credentials; a lone trailing slash is forgiven.
    const extra = url.pathname !== "/" || /[?#@]/.test(entry) || url.username !== "" || url.password !== "";
    if ((url.protocol !== "http:" && url.protocol !== "https:") || extra) {
      throw new Error(`'${entry}' is not an origin (scheme://host[:port], http or https, nothing after the port)`);
    }
    return url.origin;
  });
  return [...new Set(origins)];
}

/** The API and its health alias. next-auth's endpoints stay same-origin: they live on cookies. */
export function isCorsPath(path: string): boolean {
  if (path === "/api/auth" || path.startsWith("/api/auth/")) return false;
  return path === "/health" || path === "/api" || path.startsWith("/api/");
}

export interface CorsRequest {
  method: string;
  path: string;
  /** The Origin header, as the browser sent it. */
  origin: string | null;
  /** Access-Control-Request-Method: present on a preflight only. */
  requestMethod: string | null;
}

export type CorsDecision =
  /** Not the API, or no origin allowed at all: the response is left exactly as it was. */
  | { kind: "none" }
  /** A preflight: answer it now with 204 and these headers (none granting access if the origin is not listed). */
  | { kind: "preflight"; headers: Record<string, string> }
  /** An actual request: add these headers to the response. */
  | { kind: "response"; headers: Record<string, string> };

export function decideCors(req: CorsRequest, allowed: readonly string[]): CorsDecision {
  if (allowed.length === 0 || !isCorsPath(req.path)) return { kind: "none" };
  const preflight = req.method === "OPTIONS" && req.origin !== null && req.requestMethod !== null;
  // Responses differ by Origin whenever an allow-list exists, so caches must key on it.
  const headers: Record<string, string> = { Vary: "Origin" };
  const origin = req.origin;
  if (origin !== null && allowed.includes(origin)) {
    headers["Access-Control-Allow-Origin"] = origin;
    if (preflight) {
      headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS;
      headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS;
      headers["Access-Control-Max-Age"] = String(CORS_MAX_AGE_SECONDS);
    } else {
      headers["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS;
    }
  }
  return { kind: preflight ? "preflight" : "response", headers };
}
