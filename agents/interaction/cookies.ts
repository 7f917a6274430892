import type { RecordedCookie } from "@/agents/evidence/schema";

/** Pure joining of the cookie jar with Set-Cookie headers and document.cookie writes (WEC technique). */

export interface JarCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds, -1 for session. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string | null;
}

/** A cookie as a Set-Cookie header described it, with the response that sent it. */
export interface HeaderCookie extends JarCookie {
  responseUrl: string;
  pageUrl: string | null;
  at: number;
}

export interface ScriptCookieWrite {
  name: string;
  script: string | null;
  pageUrl: string | null;
  at: number;
}

/** Parses one Set-Cookie header as the browser would for the response URL. */
export function parseSetCookie(header: string, responseUrl: string, now: number): Omit<HeaderCookie, "pageUrl" | "at"> | null {
  const [pair, ...attributes] = header.split(";");
  if (!pair) return null;
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let host = "";
  try {
    host = new URL(responseUrl).hostname;
  } catch {
    return null;
  }
  const cookie = { name, value, domain: host, path: "/", expires: -1, httpOnly: false, secure: false, sameSite: null as string | null, responseUrl };
  let maxAge: number | null = null;
  for (const attribute of attributes) {
    const [rawKey, ...rest] = attribute.split("=");
    const key = (rawKey ?? "").trim().toLowerCase();
    const val = rest.join("=").trim();
    if (key === "domain" && val) cookie.domain = val.startsWith(".") ? val : `.${val}`;
    else if (key === "path" && val) cookie.path = val;
    else if (key === "expires") {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) cookie.expires = Math.floor(t / 1000);
    } else if (key === "max-age") {
      const n = Number(val);
      if (Number.isFinite(n)) maxAge = n;
    } else if (key === "httponly") cookie.httpOnly = true;
    else if (key === "secure") cookie.secure = true;
    else if (key === "samesite") cookie.sameSite = val || null;
  }
  if (maxAge !== null) cookie.expires = Math.floor(now / 1000) + maxAge;
  return cookie;
}

const normDomain = (d: string) => d.replace(/^\./, "").toLowerCase();

function lifetimeDays(expires: number, nowSec: number): number | null {
  if (expires <= 0) return null;
  return Math.round(((expires - nowSec) / 86400) * 100) / 100;
}

const sample = (value: string) => (value.length > 200 ? `${value.slice(0, 200)}…` : value);

/**
 * Every cookie the visitor ended up with, attributed to the response or script that set it;
 * Set-Cookie headers the browser refused are kept with blocked: true.
 */
export function joinCookies(
  jar: JarCookie[],
  headers: HeaderCookie[],
  writes: ScriptCookieWrite[],
  now: number,
  consentAt: number | null,
): RecordedCookie[] {
  const nowSec = Math.floor(now / 1000);
  const rel = (at: number | undefined) => (consentAt === null || at === undefined ? null : at - consentAt);
  const out: RecordedCookie[] = [];
  const headerFor = (c: JarCookie) =>
    headers.find((h) => h.name === c.name && (normDomain(c.domain) === normDomain(h.domain) || normDomain(c.domain).endsWith(normDomain(h.domain))));
  for (const c of jar) {
    const header = headerFor(c);
    const write = writes.find((w) => w.name === c.name);
    const setBy = header
      ? { kind: "set-cookie-header" as const, url: header.responseUrl }
      : write
        ? { kind: "document.cookie" as const, url: write.script }
        : { kind: "unknown" as const, url: null };
    const session = c.expires <= 0;
    out.push({
      name: c.name,
      value_sample: sample(c.value),
      domain: c.domain,
      path: c.path,
      expires: session ? -1 : c.expires,
      lifetime_days: lifetimeDays(c.expires, nowSec),
      http_only: c.httpOnly,
      secure: c.secure,
      same_site: c.sameSite,
      session,
      set_by: setBy,
      page_url: header?.pageUrl ?? write?.pageUrl ?? null,
      t_since_consent_ms: rel(header?.at ?? write?.at),
      blocked: false,
    });
  }
  const inJar = (h: HeaderCookie) => jar.some((c) => c.name === h.name && normDomain(c.domain).endsWith(normDomain(h.domain).replace(/^www\./, "")));
  const seenBlocked = new Set<string>();
  for (const h of headers) {
    const key = `${h.name}@${normDomain(h.domain)}`;
    // A deletion (expiry in the past) is not a refused cookie.
    if (inJar(h) || seenBlocked.has(key) || (h.expires > 0 && h.expires < nowSec)) continue;
    seenBlocked.add(key);
    out.push({
      name: h.name,
      value_sample: sample(h.value),
      domain: h.domain,
      path: h.path,
      expires: h.expires,
      lifetime_days: lifetimeDays(h.expires, nowSec),
      http_only: h.httpOnly,
      secure: h.secure,
      same_site: h.sameSite,
      session: h.expires <= 0,
      set_by: { kind: "set-cookie-header", url: h.responseUrl },
      page_url: h.pageUrl,
      t_since_consent_ms: rel(h.at),
      blocked: true,
    });
  }
  return out;
}
