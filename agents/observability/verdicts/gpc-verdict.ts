import type { Evidence } from "@/agents/evidence/schema";
import type { ConsentState, GpcVerdict } from "@/lib/schemas/report";
import { readConsentState } from "../signals/consent-state";
import { isSaleShareCategory } from "../trackers/category-map";
import type { ClassifiedCookie, ClassifiedRequest } from "../types";

/** Signal-level reasons the site itself says the GPC visitor was not opted out (privacy-tech-lab tables). */
export function gpcSignalFailures(state: ConsentState): string[] {
  const reasons: string[] = [];
  if (state.usprivacy_opted_out === false) reasons.push(`US Privacy string is ${state.usprivacy} (3rd character not 'Y': not opted out of sale).`);
  for (const s of state.gpp_sections) {
    if (s.sale_opt_out === 2) reasons.push(`GPP ${s.name} SaleOptOut = 2 (did not opt out).`);
    if (s.sharing_opt_out === 2) reasons.push(`GPP ${s.name} SharingOptOut = 2 (did not opt out).`);
    // The state sections carry no sharing field: their universal opt-out covers targeted advertising.
    if (s.sharing_opt_out === null && s.targeted_advertising_opt_out === 2) reasons.push(`GPP ${s.name} TargetedAdvertisingOptOut = 2 (did not opt out).`);
    if (s.gpc === false) reasons.push(`GPP ${s.name} Gpc sub-section = 0 although the signal was sent.`);
  }
  if (state.optanon_is_gpc_enabled === false) reasons.push("OneTrust OptanonConsent isGpcEnabled=0.");
  return reasons;
}

function positiveSignals(state: ConsentState): boolean {
  return (
    state.usprivacy_opted_out === true ||
    state.optanon_is_gpc_enabled === true ||
    state.gpp_sections.some((s) => s.sale_opt_out === 1 || s.sharing_opt_out === 1 || s.targeted_advertising_opt_out === 1)
  );
}

/**
 * Decides whether the site honoured Global Privacy Control: behaviour (ad/social trackers in the
 * gpc session) first, then the site's own recorded signals; gpc.json `gpc:true` is aggravating.
 */
export function computeGpcVerdict(evidence: Evidence, requests: ClassifiedRequest[], cookies: ClassifiedCookie[]): GpcVerdict {
  const gpc = evidence.sessions.gpc;
  const pre = evidence.sessions.pre_consent;
  const wk = evidence.well_known_gpc;
  const well_known = wk ? { url: wk.url, status: wk.status, gpc: wk.gpc } : null;
  const signals_before = pre ? readConsentState(pre.consent_signals) : null;
  const signals_after = gpc ? readConsentState(gpc.consent_signals) : null;
  const base = { signals_before, signals_after, well_known };

  if (!gpc || !signals_after) {
    return { ...base, verdict: "inconclusive", summary: "The GPC visit was not recorded, so GPC could not be tested.", domains_ignoring_gpc: [], reasons: ["No gpc session in the evidence."] };
  }
  if (signals_after.navigator_gpc === false) {
    return { ...base, verdict: "inconclusive", summary: "The page did not see navigator.globalPrivacyControl = true, so the test is not valid.", domains_ignoring_gpc: [], reasons: ["navigator.globalPrivacyControl was false in the gpc session."] };
  }

  const firing = requests.filter((r) => r.session === "gpc" && isSaleShareCategory(r.cls.category) && !r.request.blocked_reason);
  const cookieHits = cookies.filter((c) => c.session === "gpc" && isSaleShareCategory(c.cls.category) && !c.cookie.blocked && c.cls.party === "third");
  const domains = [...new Set([...firing.map((r) => r.cls.domain), ...cookieHits.map((c) => c.cls.domain)])].sort();
  const signalFailures = gpcSignalFailures(signals_after);
  const reasons: string[] = [];
  if (domains.length) reasons.push(`Advertising/social trackers still contacted with GPC on: ${domains.join(", ")}.`);
  reasons.push(...signalFailures);

  if (reasons.length) {
    if (wk?.gpc === true) reasons.push("The site's /.well-known/gpc.json declares gpc:true, yet the signal was not honoured (aggravating).");
    return {
      ...base,
      verdict: "not_honored",
      summary: domains.length
        ? `With GPC on, ${domains.length} advertising or social domain(s) still received data: the opt-out signal was ignored.`
        : "With GPC on, the site's own consent record says the visitor was not opted out.",
      domains_ignoring_gpc: domains,
      reasons,
    };
  }

  const anySaleShare = requests.some((r) => isSaleShareCategory(r.cls.category));
  const hasSignals = positiveSignals(signals_after) || signals_after.gpp_sections.length > 0 || signals_after.usprivacy !== null;
  if (!anySaleShare && !hasSignals) {
    return { ...base, verdict: "not_applicable", summary: "No advertising or social trackers were seen in any visit, so there was nothing for GPC to switch off.", domains_ignoring_gpc: [], reasons: [] };
  }
  return {
    ...base,
    verdict: "honored",
    summary: "With GPC on, no advertising or social trackers fired and the site's signals show an opt-out.",
    domains_ignoring_gpc: [],
    reasons: positiveSignals(signals_after) ? ["Site signals record the opt-out."] : [],
  };
}
