import type { Page } from "playwright-core";

/**
 * The one gate every navigation the engine starts goes through. A scanned page chooses the URLs
 * in its links: only the web's own schemes may be opened, because Chromium gives `file:`,
 * `view-source:file:` and `chrome:` pages to page.goto() and their text would land in the
 * attacker's own evidence (the server's secrets, other users' evidence). Chromium itself also
 * refuses those schemes for the scan (scan-browser.ts, refuseLocalPages): this gate is the first
 * line, that block the second.
 */
const NAVIGABLE = new Set(["http:", "https:"]);

/** Schemes a link may carry that the engine never treated as pages: not worth recording as refused. */
const HARMLESS_LINK_SCHEMES = new Set(["mailto:", "tel:", "sms:", "javascript:"]);

export type NavigationVerdict = { allowed: true; url: string } | { allowed: false; url: string; scheme: string; reason: string };

/** Whether the engine may open this URL (absolute, as the browser would resolve it). */
export function checkNavigation(url: string): NavigationVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, url, scheme: "", reason: "not a valid absolute URL" };
  }
  const scheme = parsed.protocol.toLowerCase();
  if (NAVIGABLE.has(scheme)) return { allowed: true, url: parsed.toString() };
  // about:blank is an empty page Chromium opens itself; anything else under about: is browser UI.
  if (scheme === "about:" && parsed.pathname === "blank") return { allowed: true, url: "about:blank" };
  return { allowed: false, url, scheme, reason: `${scheme} URLs are never opened (only http: and https:)` };
}

/**
 * Whether a refused link is worth recording as evidence: a link to a local file, browser page,
 * source view or inline document is; the everyday mailto:/tel:/javascript: links are not.
 */
export function isNoteworthyRefusal(verdict: NavigationVerdict): boolean {
  return !verdict.allowed && !HARMLESS_LINK_SCHEMES.has(verdict.scheme);
}

export class NavigationRefusedError extends Error {
  readonly code = "navigation_refused";
  constructor(public readonly verdict: Extract<NavigationVerdict, { allowed: false }>) {
    super(`navigation refused: ${verdict.reason}`);
    this.name = "NavigationRefusedError";
  }
}

type GotoOptions = NonNullable<Parameters<Page["goto"]>[1]>;

/** page.goto behind the gate: throws NavigationRefusedError, before anything is loaded, for a refused URL. */
export async function gatedGoto(page: Page, url: string, options: GotoOptions): ReturnType<Page["goto"]> {
  const verdict = checkNavigation(url);
  if (!verdict.allowed) throw new NavigationRefusedError(verdict);
  return page.goto(verdict.url, options);
}

/** The longest URL kept in evidence for a refused link (a data: URL can be megabytes). */
export const REFUSED_URL_CAP = 300;
