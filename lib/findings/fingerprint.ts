import { createHash } from "node:crypto";
import { getDomain } from "tldts";
import type { DiffViolation } from "@/lib/schemas/monitor";
import type { EvidenceCookieRef, EvidenceRequestRef, FindingCode, Violation } from "@/lib/schemas/report";

/**
 * A violation's stable fingerprint: what makes two runs' findings "the same finding" for monitor
 * diffs, the scan comparison view, and later SARIF `partialFingerprints` and CLI baselines.
 *
 * fingerprint = first 32 hex characters (128 bits) of
 *   sha256("apo-fingerprint/1\n" + framework + "\n" + violation_type + "\n" + parties.join("\n"))
 * where `parties` are the sorted, de-duplicated things the finding is about (below).
 *
 * Never part of it: wording (description, rule text, LLM output), ids, timestamps, pages, page
 * order, counts, severity or confidence. So a reworded description or a re-crawl that visits pages
 * in another order keeps the fingerprint; a tracker joining or leaving the finding changes it.
 * Bump the version tag if the party rules change (old baselines then stop matching, visibly).
 *
 * Parties, by finding type:
 * - traffic findings (tracking before consent, reject/GPC not honoured, session recording): the
 *   tracker entity of each evidence request and cookie, else the registrable domain of its host
 *   (tldts), else the host itself (IP addresses, localhost);
 * - PII_SHARED_WITH_THIRD_PARTY: the same for its requests, plus each leak's host (the entity of
 *   the request it names when known, else its registrable domain);
 * - EXCESSIVE_COOKIE_LIFETIME: `domain:name` of each cookie (the cookie is the finding);
 * - INSECURE_DATA_COLLECTION: the form's target (action URL without query or fragment);
 * - OPT_OUT_LINK_BROKEN: the link's URL (without query or fragment);
 * - BROWSER_FINGERPRINTING: the registrable domain of each fingerprinting script, `inline script`
 *   for inline ones (read from the `event_N` signals the detector writes);
 * - site-wide findings (no policy, no banner, no reject, incomplete policy, no opt-out link,
 *   pre-ticked consent): none; there is one such finding per site and framework.
 * Limitation: a report lists at most 25 requests and 25 cookies per finding (and 10 fingerprinting
 * events); a party seen only beyond that cap is not part of the fingerprint.
 */
export const FINGERPRINT_VERSION = "apo-fingerprint/1";
const FINGERPRINT_HEX_CHARS = 32;

type PartiesOf = (v: Fingerprintable) => string[];

const none: PartiesOf = () => [];
const traffic: PartiesOf = (v) => [...v.evidence.requests.map(requestParty), ...v.evidence.cookies.map(cookieParty)];

// A Record over every finding code: a new code does not compile until it says what its parties are.
const partiesByType: Record<FindingCode, PartiesOf> = {
  TRACKING_BEFORE_CONSENT: traffic,
  REJECT_NOT_HONORED: traffic,
  GPC_NOT_HONORED: traffic,
  SESSION_RECORDING: traffic,
  PII_SHARED_WITH_THIRD_PARTY: (v) => {
    const byId = new Map(v.evidence.requests.map((r) => [r.id, r]));
    const leaks = (v.evidence.pii_leaks ?? []).map((l) => {
      const request = l.request_id ? byId.get(l.request_id) : undefined;
      return request?.entity ?? registrableDomain(l.host);
    });
    return [...traffic(v), ...leaks];
  },
  EXCESSIVE_COOKIE_LIFETIME: (v) => v.evidence.cookies.map((c) => `${bareDomain(c.domain)}:${c.name}`),
  INSECURE_DATA_COLLECTION: (v) => stringSignals(v, "form_action").map(withoutQuery),
  OPT_OUT_LINK_BROKEN: (v) => stringSignals(v, "href").map(withoutQuery),
  BROWSER_FINGERPRINTING: (v) =>
    Object.entries(v.evidence.signals)
      .filter(([key, value]) => key.startsWith("event_") && typeof value === "string")
      .map(([, value]) => fingerprintingScript(value as string))
      .filter((p): p is string => p !== null),
  MISSING_PRIVACY_POLICY: none,
  NO_CONSENT_MECHANISM: none,
  NO_REJECT_OPTION: none,
  PRIVACY_POLICY_INCOMPLETE: none,
  MISSING_OPT_OUT_LINK: none,
  PRE_TICKED_CONSENT: none,
};

/** What the fingerprint reads of a finding (violations and observations alike). */
export type Fingerprintable = Pick<Violation, "framework" | "violation_type" | "evidence">;

/** The finding's stable fingerprint and the sorted parties it was computed from. */
export function violationFingerprint(v: Fingerprintable): { fingerprint: string; parties: string[] } {
  const parties = [...new Set(partiesByType[v.violation_type](v).filter((p) => p.length > 0))].sort();
  const material = [FINGERPRINT_VERSION, v.framework, v.violation_type, ...parties].join("\n");
  return { fingerprint: createHash("sha256").update(material, "utf8").digest("hex").slice(0, FINGERPRINT_HEX_CHARS), parties };
}

/** A violation as monitor diffs and webhooks name it. */
export function toDiffViolation(v: Violation): DiffViolation {
  const { fingerprint, parties } = violationFingerprint(v);
  return { fingerprint, violation_type: v.violation_type, framework: v.framework, severity: v.severity, rule_title: v.rule_title, parties };
}

function requestParty(r: EvidenceRequestRef): string {
  return r.entity ?? registrableDomain(hostOf(r.url) ?? r.url);
}

function cookieParty(c: EvidenceCookieRef): string {
  return c.entity ?? registrableDomain(bareDomain(c.domain));
}

/** `www.googletagmanager.com` → `googletagmanager.com`; hosts with no public suffix (IPs, localhost) as they are. */
export function registrableDomain(host: string): string {
  const bare = bareDomain(host);
  return getDomain(bare, { allowPrivateDomains: false }) ?? bare;
}

function bareDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^\.+/, "");
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, "");
  }
}

function stringSignals(v: Fingerprintable, key: string): string[] {
  const value = v.evidence.signals[key];
  return typeof value === "string" && value ? [value] : [];
}

/** `"pre_consent: canvas by https://fp.example/fp.js {…}"` → the script's registrable domain (`fp.example`). */
function fingerprintingScript(signal: string): string | null {
  const match = /^[a-z_]+: [a-z_]+ by (\S+)/.exec(signal);
  if (!match?.[1]) return null;
  const host = /^https?:/i.test(match[1]) ? hostOf(match[1]) : null;
  return host ? registrableDomain(host) : "inline script";
}
