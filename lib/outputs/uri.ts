/**
 * URI references for SARIF locations. The SARIF schema types `artifactLocation.uri` as an RFC 3986
 * "uri-reference", and GitHub code scanning validates it as such before it accepts a file.
 */

// RFC 3986 unreserved and sub-delims, plus "/" and "@" (pchar); everything else is percent-encoded.
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=@/]/;

/** Percent-encodes what a URI path may not hold; valid %XX escapes are kept, stray "%" encoded. */
export function encodeUriPath(text: string, alsoSafe = ""): string {
  let out = "";
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test((chars[i + 1] ?? "") + (chars[i + 2] ?? ""))) out += ch;
    else if (PATH_SAFE.test(ch) || alsoSafe.includes(ch)) out += ch;
    else out += utf8Escape(ch);
  }
  return out;
}

function utf8Escape(ch: string): string {
  try {
    return encodeURIComponent(ch);
  } catch {
    return "%EF%BF%BD"; // a lone surrogate: U+FFFD
  }
}

/**
 * A page as a scheme-less relative reference, `host/path` (`www.shop.example/checkout`): GitHub
 * code scanning rejects a whole SARIF upload whose locations have a scheme other than its checkout's
 * ("SARIF URI scheme "https" did not match the checkout URI scheme "file""), and a relative path
 * whose first segment holds a colon is not a URI reference, so a port becomes `_8080` and an IPv6
 * host loses its brackets. The query and fragment are left out (they vary between runs).
 */
export function siteRelativeUri(pageUrl: string): string {
  const url = parseHttpUrl(pageUrl);
  if (!url) return "site/" + encodeUriPath(pageUrl.replace(/^[a-z][a-z0-9+.-]*:/i, "").replace(/^\/+/, ""));
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/:/g, "_") + (url.port ? `_${url.port}` : "");
  return encodeUriPath(`${host}${url.pathname}`);
}

/** The page's absolute URI without its fragment, escaped to a valid URI. */
export function absoluteUri(pageUrl: string): string {
  const url = parseHttpUrl(pageUrl);
  if (!url) return siteRelativeUri(pageUrl);
  return `${url.protocol}//${url.host}${encodeUriPath(url.pathname)}${encodeUriPath(url.search, "?")}`;
}

function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? url : null;
  } catch {
    return null;
  }
}
