import type { Evidence, SessionName } from "@/agents/evidence/schema";
import type { ConsentSignalsReport } from "@/lib/schemas/report";
import { allDenied, readGoogleConsentMode, type GoogleConsentMode } from "../signals/google-consent-mode";
import { TCF_PURPOSE_NAMES, tryDecodeTcf, type TcfDecoded } from "../signals/tcf";
import { TCF_VENDOR_MAP_SOURCE, tcfVendorForUrl, type TcfVendor } from "../signals/tcf-vendors";
import { isTrackingCategory } from "../trackers/category-map";
import type { ClassifiedCookie, ClassifiedRequest } from "../types";

/** Caps the per-request list so a beacon-heavy site cannot bloat the report. */
export const MAX_GCM_REQUESTS = 60;

export const CONSENT_MODE_DEBATE =
  "Google's advanced Consent Mode sends cookieless pings (no cookies read or written) while consent is denied, and Google presents them as compatible with a refusal. " +
  "The EDPB (Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy) and the CNIL take the view that sending information from the visitor's device to a third party, " +
  "with or without cookies, still needs consent unless strictly necessary; so these pings are reported as an observation for counsel to weigh, not as a violation.";

/** A Google tag request and the consent state it reports. */
export interface GcmHit {
  item: ClassifiedRequest;
  mode: GoogleConsentMode;
  cookieless: boolean;
}

/** Everything detectors need from the decoded signals, computed once per analysis. */
export interface ConsentSignalAnalysis {
  report: ConsentSignalsReport;
  tcfBySession: Partial<Record<SessionName, TcfDecoded>>;
  gcmHits: GcmHit[];
  /** `${session}|${request id}` of denied-mode cookieless pings: observations, not violations. */
  deniedPingKeys: Set<string>;
  isDeniedPing(item: ClassifiedRequest): boolean;
}

export const requestKey = (item: ClassifiedRequest) => `${item.session}|${item.request.id}`;

const GOOGLE_COOKIE = /^(_ga|_gid|_gat|_gcl_|_gac_|__gads$|__gpi$|__gsas$|IDE$|DSID$|test_cookie$|NID$|FPID$|FPLC$|AID$)/;

function isGoogleCookie(c: ClassifiedCookie): boolean {
  return GOOGLE_COOKIE.test(c.cookie.name) || /google|doubleclick/i.test(c.cls.entity ?? "");
}

function cookielessAt(item: ClassifiedRequest, sessionCookies: ClassifiedCookie[]): boolean {
  if (item.request.response_set_cookies.length || Object.keys(item.request.request_headers).some((h) => h.toLowerCase() === "cookie")) return false;
  const t = item.request.t_since_consent_ms;
  return !sessionCookies.some((c) => !c.cookie.blocked && isGoogleCookie(c) && (t === null || c.cookie.t_since_consent_ms === null || c.cookie.t_since_consent_ms <= t));
}

/** Requests without consent: the pre_consent and gpc visits, and the accept/reject visits before their click. */
function withoutChoice(item: ClassifiedRequest): boolean {
  if (item.session === "pre_consent") return true;
  const t = item.request.t_since_consent_ms;
  return (item.session === "accept_all" || item.session === "reject_all") && t !== null && t < 0;
}

function afterReject(item: ClassifiedRequest): boolean {
  return item.session === "reject_all" && (item.request.t_since_consent_ms ?? -1) > 0;
}

function purposeList(ids: number[]): string {
  return ids.map((id) => `${id} (${TCF_PURPOSE_NAMES[id] ?? "unknown"})`).join(", ");
}

function vendorsWithoutConsent(
  session: SessionName,
  requests: ClassifiedRequest[],
  consented: Set<number>,
  reason: string,
): ConsentSignalsReport["tcf_vendors_without_consent"] {
  const byVendor = new Map<number, { vendor: TcfVendor; hosts: Set<string>; requests: number }>();
  for (const item of requests) {
    const vendor = tcfVendorForUrl(item.request.url);
    if (!vendor || consented.has(vendor.id)) continue;
    const entry = byVendor.get(vendor.id) ?? { vendor, hosts: new Set<string>(), requests: 0 };
    entry.hosts.add(new URL(item.request.url).hostname);
    entry.requests++;
    byVendor.set(vendor.id, entry);
  }
  return [...byVendor.values()].map(({ vendor, hosts, requests: n }) => ({
    session,
    vendor_id: vendor.id,
    vendor_name: vendor.name,
    hosts: [...hosts].sort(),
    requests: n,
    summary: `TCF vendor ${vendor.id} ${vendor.name} received ${n} request(s) while ${reason}.`,
  }));
}

/**
 * Decodes the TCF strings the visitors' CMP recorded and the Google Consent Mode state each Google
 * tag request reports, and names TCF vendors that received traffic without consent in the string.
 */
export function analyzeConsentSignals(evidence: Evidence, requests: ClassifiedRequest[], cookies: ClassifiedCookie[]): ConsentSignalAnalysis {
  const summary: string[] = [];
  const tcf: ConsentSignalsReport["tcf"] = [];
  const tcfBySession: Partial<Record<SessionName, TcfDecoded>> = {};
  for (const [name, session] of Object.entries(evidence.sessions) as [SessionName, Evidence["sessions"][SessionName]][]) {
    const tc = session?.consent_signals.tcf_string;
    if (!session || !tc) continue;
    const { decoded, error } = tryDecodeTcf(tc);
    tcf.push({ session: name, tc_string: tc.slice(0, 2000), decoded, error });
    if (decoded) tcfBySession[name] = decoded;
  }

  const usesTcf = tcf.length > 0;
  const rejectTcf = tcfBySession.reject_all;
  const rejectProvenish = evidence.sessions.reject_all?.banner.action === "reject" && evidence.sessions.reject_all.banner.action_result === "success";
  let tcf_reject_grants: ConsentSignalsReport["tcf_reject_grants"] = null;
  if (rejectTcf && rejectProvenish) {
    tcf_reject_grants = { purposes: rejectTcf.purposes_consent, vendors: rejectTcf.vendors_consent };
    if (rejectTcf.purposes_consent.length) summary.push(`After 'Reject all' the TCF string still grants consent for purpose(s) ${purposeList(rejectTcf.purposes_consent)}.`);
    else summary.push("After 'Reject all' the TCF string grants no purpose consent.");
    if (rejectTcf.vendors_consent.length) summary.push(`After 'Reject all' the TCF string still grants consent to ${rejectTcf.vendors_consent.length} vendor(s).`);
  }
  const accept = tcfBySession.accept_all;
  if (accept) summary.push(`After 'Accept all' the TCF string grants purpose(s) ${accept.purposes_consent.join(", ") || "none"} and ${accept.vendors_consent.length} vendor(s).`);

  const cookiesBySession = new Map<SessionName, ClassifiedCookie[]>();
  for (const c of cookies) cookiesBySession.set(c.session, [...(cookiesBySession.get(c.session) ?? []), c]);
  const gcmHits: GcmHit[] = [];
  for (const item of requests) {
    if (item.request.blocked_reason) continue;
    const mode = readGoogleConsentMode(item.request.url, item.request.post_data_sample);
    if (mode) gcmHits.push({ item, mode, cookieless: cookielessAt(item, cookiesBySession.get(item.session) ?? []) });
  }
  const deniedPingKeys = new Set(
    gcmHits.filter((h) => h.cookieless && allDenied(h.mode) && (withoutChoice(h.item) || afterReject(h.item))).map((h) => requestKey(h.item)),
  );
  const isDeniedPing = (item: ClassifiedRequest) => deniedPingKeys.has(requestKey(item));

  const tracked = requests.filter((r) => isTrackingCategory(r.cls.category) && !r.request.blocked_reason && !isDeniedPing(r));
  const tcf_vendors_without_consent = [
    ...(rejectTcf && rejectProvenish
      ? vendorsWithoutConsent("reject_all", tracked.filter(afterReject), new Set(rejectTcf.vendors_consent), "the TCF string after 'Reject all' grants it no consent")
      : []),
    ...(usesTcf
      ? vendorsWithoutConsent(
          "pre_consent",
          tracked.filter((r) => r.session === "pre_consent"),
          new Set(tcfBySession.pre_consent?.vendors_consent ?? []),
          tcfBySession.pre_consent ? "the TCF string before any choice grants it no consent" : "no TCF string existed yet (no choice made)",
        )
      : []),
  ];
  summary.push(...tcf_vendors_without_consent.map((v) => v.summary));

  const grantedAfterReject = gcmHits.filter((h) => afterReject(h.item) && h.mode.effective.ad_storage === "granted");
  if (grantedAfterReject.length) summary.push(`After 'Reject all', ${grantedAfterReject.length} Google tag request(s) report ad_storage granted.`);
  if (deniedPingKeys.size) summary.push(`${deniedPingKeys.size} Google tag request(s) without consent were denied-mode cookieless pings (Consent Mode): reported as an observation.`);

  const google_consent_mode = gcmHits.slice(0, MAX_GCM_REQUESTS).map(({ item, mode, cookieless }) => ({
    request_id: item.request.id,
    session: item.session,
    url: item.request.url.slice(0, 300),
    t_since_consent_ms: item.request.t_since_consent_ms,
    gcs: mode.gcs,
    gcd: mode.gcd,
    ...mode.effective,
    gcd_detail: mode.gcd_states ? Object.fromEntries(Object.entries(mode.gcd_states).map(([k, v]) => [k, { default: v.default, update: v.update }])) : null,
    cookieless,
  }));

  return {
    report: {
      tcf,
      tcf_reject_grants,
      tcf_vendors_without_consent,
      google_consent_mode,
      summary,
      vendor_map_source: usesTcf ? TCF_VENDOR_MAP_SOURCE : null,
    },
    tcfBySession,
    gcmHits,
    deniedPingKeys,
    isDeniedPing,
  };
}

/** Google tag requests that report ad_storage granted, in the given requests. */
export function adStorageGranted(analysis: ConsentSignalAnalysis, items: ClassifiedRequest[]): GcmHit[] {
  const keys = new Set(items.map(requestKey));
  return analysis.gcmHits.filter((h) => keys.has(requestKey(h.item)) && h.mode.effective.ad_storage === "granted");
}
