import { getDomain } from "tldts";
import { defaultMaxPages, MAX_PAGES } from "@/lib/schemas/scan-request";

/** Pure crawl frontier: scope, canonical URLs, dedupe, ranking and the page budget. */

const TRACKING_PARAMS = /^(utm_[a-z_]+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|igshid|twclid|ttclid|li_fat_id|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_(anon|enc)_id|vero_(conv|id)|spm|ref_src)$/i;

const BINARY_EXTENSIONS = new Set(
  "pdf png jpg jpeg gif webp avif svg ico bmp tif tiff heic zip gz tgz bz2 xz rar 7z tar exe dmg msi pkg deb rpm apk ipa iso bin mp3 mp4 m4a m4v avi mov wmv webm mkv ogg oga ogv wav flac doc docx xls xlsx ppt pptx odt ods odp rtf csv css js mjs map woff woff2 ttf otf eot json xml rss atom txt".split(
    " ",
  ),
);

const LOGOUT = /log[\s_-]?out|log[\s_-]?off|sign[\s_-]?out|abmelden|d[eé]connexion|cerrar[\s_-]?sesi[oó]n|\bsair\b/i;

/** Canonical form used for dedupe: lowercase host, no fragment, no tracking params, sorted query. Null for non-http(s). */
export function canonicalizeUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  url.username = "";
  url.password = "";
  const params = [...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAMS.test(key));
  params.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  url.search = params.length ? new URLSearchParams(params).toString() : "";
  if (url.pathname === "") url.pathname = "/";
  return url.toString();
}

/** The registrable domain (eTLD+1) a crawl stays within; the host itself for IPs and single-label hosts. */
export function siteOf(url: string): string | null {
  try {
    const { hostname } = new URL(url);
    return getDomain(hostname, { allowPrivateDomains: false }) ?? hostname;
  } catch {
    return null;
  }
}

export function isSameSite(url: string, site: string): boolean {
  return siteOf(url) === site;
}

export function isBinaryUrl(url: string): boolean {
  try {
    const last = new URL(url).pathname.split("/").pop() ?? "";
    const dot = last.lastIndexOf(".");
    return dot > 0 && BINARY_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
  } catch {
    return true;
  }
}

export function isLogoutLink(url: string, text = ""): boolean {
  try {
    const { pathname, search } = new URL(url);
    return LOGOUT.test(pathname + search) || LOGOUT.test(text);
  } catch {
    return false;
  }
}

/**
 * Priority of a link before its page is visited, from its URL and anchor text: the pages where
 * privacy rights are exercised or personal data is collected come first.
 */
export const LINK_PRIORITIES: Array<[number, RegExp]> = [
  [100, /do.?not.?sell|your.?privacy.?choices|opt.?out|privacy.?choices|ne pas vendre|nicht verkaufen|no vender|n[aã]o vender|non vendere|niet verkopen|verkoop mijn|vos choix|escolhas de privacidade|opciones de privacidad|scelte sulla privacy|privacykeuzes|widerspruch gegen/i],
  [90, /privacy|cookie|datenschutz|privacidad|privacidade|confidentialit|vie priv|data.?protection|protection des donn|protecci[oó]n de datos|prote[cç][aã]o de dados|informativa|gegevensbescherming|prywatno/i],
  [80, /sign.?up|register|registration|create.?account|join|newsletter|subscribe/i],
  [75, /checkout|cart|basket|payment|kasse/i],
  [70, /log.?in|sign.?in|account|anmelden|connexion/i],
  [60, /contact|support|kontakt|contacto|help/i],
  [40, /product|shop|store|pricing|order/i],
];

export function linkPriority(url: string, text = ""): number {
  let path = url;
  try {
    const parsed = new URL(url);
    path = parsed.pathname + parsed.search;
  } catch {
    /* use raw */
  }
  const haystack = `${path} ${text}`;
  for (const [priority, pattern] of LINK_PRIORITIES) if (pattern.test(haystack)) return priority;
  return 10;
}

export interface FrontierOptions {
  startUrl: string;
  /** Link hops followed from the start page (1 = start page and the pages it links to). */
  maxDepth: number;
  maxPages?: number;
  /** Distinct query strings kept per path, so ?page=1..1000 cannot eat the budget. */
  maxQueryVariants?: number;
}

export interface FrontierEntry {
  url: string;
  depth: number;
  priority: number;
  from: string | null;
  order: number;
}

export type RejectReason = "invalid" | "out_of_scope" | "too_deep" | "binary" | "logout" | "duplicate" | "query_variants";

export class Frontier {
  readonly site: string;
  readonly maxDepth: number;
  readonly maxPages: number;
  readonly maxQueryVariants: number;
  private readonly seen = new Set<string>();
  private readonly queryVariants = new Map<string, number>();
  private readonly queue: FrontierEntry[] = [];
  private dispensed = 0;
  private counter = 0;

  constructor(options: FrontierOptions) {
    const start = canonicalizeUrl(options.startUrl);
    if (!start) throw new Error(`Not an http(s) URL: ${options.startUrl}`);
    this.site = siteOf(start) ?? "";
    this.maxDepth = Math.max(0, options.maxDepth);
    this.maxPages = Math.min(MAX_PAGES, Math.max(1, options.maxPages ?? defaultMaxPages(Math.max(1, options.maxDepth))));
    this.maxQueryVariants = options.maxQueryVariants ?? 3;
    this.push(start, 0, null, "", Number.POSITIVE_INFINITY);
  }

  /** Offers a link found on a page at depth `fromDepth`; returns why it was refused, or null when queued. */
  add(raw: string, from: { url: string; depth: number }, text = ""): RejectReason | null {
    const url = canonicalizeUrl(raw, from.url);
    if (!url) return "invalid";
    if (!isSameSite(url, this.site)) return "out_of_scope";
    const depth = from.depth + 1;
    if (depth > this.maxDepth) return "too_deep";
    if (isBinaryUrl(url)) return "binary";
    if (isLogoutLink(url, text)) return "logout";
    if (this.seen.has(url)) return "duplicate";
    const parsed = new URL(url);
    if (parsed.search) {
      const key = parsed.origin + parsed.pathname;
      const count = this.queryVariants.get(key) ?? 0;
      if (count >= this.maxQueryVariants) return "query_variants";
      this.queryVariants.set(key, count + 1);
    }
    this.push(url, depth, from.url, text, linkPriority(url, text));
    return null;
  }

  private push(url: string, depth: number, from: string | null, _text: string, priority: number): void {
    this.seen.add(url);
    this.queue.push({ url, depth, from, priority, order: this.counter++ });
  }

  /** Marks a redirect target as seen so the same page is not fetched twice under two URLs. */
  markSeen(raw: string): void {
    const url = canonicalizeUrl(raw);
    if (url) this.seen.add(url);
  }

  /** Highest priority first; ties broken breadth-first (shallower, then discovery order). Null when done or out of budget. */
  next(): FrontierEntry | null {
    if (this.dispensed >= this.maxPages || this.queue.length === 0) return null;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i];
      const b = this.queue[best];
      if (!a || !b) continue;
      if (a.priority > b.priority || (a.priority === b.priority && (a.depth < b.depth || (a.depth === b.depth && a.order < b.order)))) best = i;
    }
    const [entry] = this.queue.splice(best, 1);
    if (!entry) return null;
    this.dispensed += 1;
    return entry;
  }

  get pending(): number {
    return this.queue.length;
  }

  get budgetLeft(): number {
    return this.maxPages - this.dispensed;
  }
}
