// Isomorphic: the login form (browser) and next-auth's redirect callback (server) both use it.

const FALLBACK = "/scans";
const BASE = "http://apo.invalid";

/**
 * The path to go to after sign-in, only if it stays on this origin; otherwise `fallback`.
 * Browsers read `\` as `/` in http URLs, so `/\evil.com` is `//evil.com`, another host; an encoded
 * slash or backslash in the path (`/%5Cevil.com`) becomes one as soon as anything decodes it.
 */
export function safeCallbackPath(value: unknown, fallback = FALLBACK): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  // Control characters and whitespace: browsers strip tabs and newlines before parsing.
  if (/[\\\u0000-\u0020\u007f]/.test(value)) return fallback;
  const path = value.split(/[?#]/, 1)[0]!;
  if (/%(?:2f|5c|0[0-9a-f]|1[0-9a-f]|7f)/i.test(path)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * next-auth's redirect callback: `url` is a path or an absolute URL; only this origin's paths pass.
 * `baseUrl` is next-auth's own origin (NEXTAUTH_URL).
 */
export function safeRedirectUrl(url: string, baseUrl: string, fallback = FALLBACK): string {
  const base = baseUrl.replace(/\/+$/, "");
  let path: unknown = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      path = parsed.origin === new URL(base).origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : undefined;
    } catch {
      path = undefined;
    }
  }
  return `${base}${safeCallbackPath(path, fallback)}`;
}
