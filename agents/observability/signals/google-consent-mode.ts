/**
 * Google Consent Mode as Google's tags report it on each request:
 * - `gcs=G1xy`: x = ad_storage, y = analytics_storage; 1 granted, 0 denied, - not set.
 * - `gcd` (Consent Mode v2, e.g. `13r3r3r3r5`): a version digit, then for ad_storage,
 *   analytics_storage, ad_user_data and ad_personalization a separator digit and a letter. The
 *   letter is a base-64 digit (alphabet 0-9 a-z A-Z - _) whose bits 2–3 are the default and bits
 *   0–1 the update: 1 not set, 2 denied, 3 granted. So l = nothing set, p = denied by default,
 *   q = denied then denied, t = granted by default, r = denied then granted by update,
 *   m = denied by update, n = granted by update, u = granted then denied, v = granted then granted.
 * Neither parameter is documented by Google; the layout is the one tag debuggers (Analytics
 * Debugger's "Google Consent Parser", Simo Ahava) reverse-engineered and Google's tags send today.
 */

export type ConsentValue = "granted" | "denied" | null;

export interface GcdSignal {
  default: ConsentValue;
  update: ConsentValue;
  /** What the tag acts on: the update when there is one, else the default. */
  effective: ConsentValue;
}

export const GCM_TYPES = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"] as const;
export type GcmType = (typeof GCM_TYPES)[number];

export interface GoogleConsentMode {
  gcs: string | null;
  gcd: string | null;
  /** From gcs. */
  gcs_states: { ad_storage: ConsentValue; analytics_storage: ConsentValue } | null;
  /** From gcd, per consent type. */
  gcd_states: Record<GcmType, GcdSignal> | null;
  /** gcd where present (it is the more detailed), else gcs. */
  effective: Record<GcmType, ConsentValue>;
}

const GCD_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

function twoBits(value: number): ConsentValue {
  if (value === 2) return "denied";
  if (value === 3) return "granted";
  return null;
}

/** One gcd letter: its default and update states. */
export function decodeGcdLetter(letter: string): GcdSignal | null {
  const index = GCD_ALPHABET.indexOf(letter);
  if (letter.length !== 1 || index < 0) return null;
  const def = twoBits((index >> 2) & 3);
  const update = twoBits(index & 3);
  return { default: def, update, effective: update ?? def };
}

export function decodeGcd(gcd: string): Record<GcmType, GcdSignal> | null {
  if (!/^[0-9][0-9a-zA-Z_-]{8,}$/.test(gcd)) return null;
  const out = {} as Record<GcmType, GcdSignal>;
  for (const [i, type] of GCM_TYPES.entries()) {
    const signal = decodeGcdLetter(gcd.charAt(2 + i * 2));
    if (!signal) return null;
    out[type] = signal;
  }
  return out;
}

export function decodeGcs(gcs: string): { ad_storage: ConsentValue; analytics_storage: ConsentValue } | null {
  const match = /^G1([01-])([01-])$/.exec(gcs);
  if (!match) return null;
  const state = (c: string | undefined): ConsentValue => (c === "1" ? "granted" : c === "0" ? "denied" : null);
  return { ad_storage: state(match[1]), analytics_storage: state(match[2]) };
}

// Google's tag and ad endpoints that carry gcs/gcd.
const GOOGLE_TAG_HOSTS = /(^|\.)(google-analytics\.com|analytics\.google\.com|googletagmanager\.com|doubleclick\.net|googleadservices\.com|googlesyndication\.com)$|(^|\.)google\.[a-z.]+$/;

export function isGoogleTagHost(host: string): boolean {
  return GOOGLE_TAG_HOSTS.test(host.toLowerCase());
}

function paramsOf(url: URL, body: string | null): URLSearchParams[] {
  const out = [url.searchParams];
  // GA4 batches events as URL-encoded lines in the body; Ads pings put ;-separated params in the path.
  for (const line of (body ?? "").split("\n").slice(0, 50)) if (line.includes("gcs=") || line.includes("gcd=")) out.push(new URLSearchParams(line));
  if (url.pathname.includes(";")) out.push(new URLSearchParams(url.pathname.split(";").slice(1).join("&")));
  return out;
}

/** The consent state a Google tag request reports, or null when it is not a Google tag request or carries neither parameter. */
export function readGoogleConsentMode(requestUrl: string, body: string | null = null): GoogleConsentMode | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (!isGoogleTagHost(url.hostname)) return null;
  let gcs: string | null = null;
  let gcd: string | null = null;
  for (const params of paramsOf(url, body)) {
    gcs ??= params.get("gcs");
    gcd ??= params.get("gcd");
  }
  if (gcs === null && gcd === null) return null;
  const gcs_states = gcs ? decodeGcs(gcs) : null;
  const gcd_states = gcd ? decodeGcd(gcd) : null;
  const effective = {} as Record<GcmType, ConsentValue>;
  for (const type of GCM_TYPES) {
    const fromGcs = type === "ad_storage" || type === "analytics_storage" ? (gcs_states?.[type] ?? null) : null;
    effective[type] = gcd_states?.[type].effective ?? fromGcs;
  }
  return { gcs, gcd, gcs_states, gcd_states, effective };
}

/** Every consent type the request reports is denied (and it reports at least ad_storage or analytics_storage). */
export function allDenied(mode: GoogleConsentMode): boolean {
  const known = GCM_TYPES.map((t) => mode.effective[t]).filter((v) => v !== null);
  return known.length > 0 && known.every((v) => v === "denied") && (mode.effective.ad_storage === "denied" || mode.effective.analytics_storage === "denied");
}
