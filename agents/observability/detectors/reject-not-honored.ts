import { buildEvidence, entitiesOf, listNames, pagesOf, trackingCookies, trackingRequests } from "../evidence-helpers";
import type { Detector } from "../types";
import { rejectProven } from "../verdicts/consent-verdict";
import { consentSignalNotes, deniedPingObservation, rejectStringGrants } from "./consent-signal-evidence";

/**
 * After a proven "Reject all": tracker requests after the click, tracker cookies set after it or
 * kept. Compared with accept_all to show the trackers are consent-dependent. Unproven reject →
 * inconclusive.
 */
export const detectRejectNotHonored: Detector = (evidence, ctx) => {
  const reject = evidence.sessions.reject_all;
  if (!reject || !reject.banner.detected) return [];
  const proof = rejectProven(evidence);
  const afterClick = trackingRequests(ctx, "reject_all").filter((r) => (r.request.t_since_consent_ms ?? -1) > 0);
  // Consent Mode's denied cookieless pings are an observation (CONSENT_MODE_DEBATE), not this violation.
  const afterRequests = afterClick.filter((r) => !ctx.consentSignals.isDeniedPing(r));
  const cookies = trackingCookies(ctx, "reject_all");
  const setAfter = cookies.filter((c) => (c.cookie.t_since_consent_ms ?? -1) > 0);
  const kept = cookies.filter((c) => !setAfter.includes(c));
  const screenshots = [reject.banner.screenshot_before, reject.banner.screenshot_after];
  const signals = {
    action: reject.banner.action,
    action_result: reject.banner.action_result,
    self_test: reject.banner.self_test,
    cmp: reject.banner.cmp,
    cookiebot_consent: reject.consent_signals.cookiebot_consent,
    optanon_consent: reject.consent_signals.optanon_consent,
  };

  if (proof !== "proven") {
    const all = trackingRequests(ctx, "reject_all");
    if (proof === "not_attempted" || (!all.length && !cookies.length)) return [];
    return [
      {
        code: "REJECT_NOT_HONORED",
        status: "inconclusive",
        confidence: "low",
        pages: pagesOf(all),
        summary: `The 'Reject all' click could not be proven to work (result: ${reject.banner.action_result}${reject.banner.self_test === false ? ", CMP self-test failed" : ""}); ${entitiesOf([...all, ...cookies]).length} tracking service(s) were active in that visit.`,
        evidence: buildEvidence(ctx, { requests: all, cookies, screenshots, signals, notes: ["Rejection not proven: reported as inconclusive, not as a violation."] }),
      },
    ];
  }

  const observation = deniedPingObservation(ctx, "REJECT_NOT_HONORED", afterClick, "After 'Reject all'");
  const stringGrants = rejectStringGrants(ctx);
  const decoded = consentSignalNotes(ctx, "reject_all", afterRequests);
  if (!afterRequests.length && !setAfter.length && !kept.length) {
    if (!stringGrants) return observation;
    // No tracking seen, but the CMP's own record tells every TCF vendor the visitor consented.
    return [
      ...observation,
      {
        code: "REJECT_NOT_HONORED",
        status: "violation-candidate",
        confidence: "medium",
        pages: reject.pages.slice(0, 1),
        summary: stringGrants,
        evidence: buildEvidence(ctx, { screenshots, signals: { ...signals, ...decoded.signals, tcf_string_after_reject: reject.consent_signals.tcf_string }, notes: [stringGrants] }),
      },
    ];
  }
  const entities = entitiesOf([...afterRequests, ...setAfter, ...kept]);
  const baseline = new Set(entitiesOf(trackingRequests(ctx, "accept_all")));
  const consentDependent = entities.filter((e) => baseline.has(e));
  const notes = [
    consentDependent.length
      ? `Also seen after 'Accept all' (consent-dependent): ${listNames(consentDependent)}.`
      : "None of these services appear in the accept_all baseline.",
  ];
  if (kept.length) notes.push(`${kept.length} tracker cookie(s) set before the click were still present after rejecting.`);
  notes.push(...decoded.notes);
  if (stringGrants) notes.push(stringGrants);
  const strong = afterRequests.length > 0 || setAfter.length > 0;
  return [
    ...observation,
    {
      code: "REJECT_NOT_HONORED",
      status: "violation-candidate",
      confidence: strong && afterRequests.some((r) => r.cls.category !== "analytics") ? "high" : strong ? "medium" : "low",
      pages: pagesOf([...afterRequests, ...setAfter]),
      summary: `After 'Reject all' was clicked and confirmed, ${listNames(entities)} kept tracking: ${afterRequests.length} request(s) after the click, ${setAfter.length} cookie(s) set after it, ${kept.length} kept.`,
      evidence: buildEvidence(ctx, { requests: afterRequests, cookies: [...setAfter, ...kept], screenshots, signals: { ...signals, ...decoded.signals }, notes }),
    },
  ];
};
