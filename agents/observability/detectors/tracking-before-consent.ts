import { buildEvidence, entitiesOf, listNames, pagesOf, trackingCookies, trackingRequests } from "../evidence-helpers";
import type { Detector } from "../types";
import { consentSignalNotes, deniedPingObservation } from "./consent-signal-evidence";

/** Non-essential tracker requests or cookies before any choice: the pre_consent visit, and the accept/reject visits before their click. */
export const detectTrackingBeforeConsent: Detector = (evidence, ctx) => {
  const beforeChoice = trackingRequests(ctx).filter(
    (r) => r.session === "pre_consent" || ((r.session === "accept_all" || r.session === "reject_all") && r.request.t_since_consent_ms !== null && r.request.t_since_consent_ms < 0),
  );
  // Consent Mode's denied cookieless pings are an observation (CONSENT_MODE_DEBATE), not this violation.
  const observation = deniedPingObservation(ctx, "TRACKING_BEFORE_CONSENT", beforeChoice, "Before the visitor made any choice");
  const requests = beforeChoice.filter((r) => !ctx.consentSignals.isDeniedPing(r));
  const cookies = trackingCookies(ctx).filter(
    (c) => c.session === "pre_consent" || ((c.session === "accept_all" || c.session === "reject_all") && c.cookie.t_since_consent_ms !== null && c.cookie.t_since_consent_ms < 0),
  );
  if (!requests.length && !cookies.length) return observation;
  const entities = entitiesOf([...requests, ...cookies]);
  const strong = [...requests, ...cookies].some((i) => i.cls.category === "advertising" || i.cls.category === "session_replay" || i.cls.category === "social");
  const pre = evidence.sessions.pre_consent;
  const decoded = consentSignalNotes(ctx, "pre_consent", requests);
  return [
    ...observation,
    {
      code: "TRACKING_BEFORE_CONSENT",
      status: "violation-candidate",
      confidence: strong ? "high" : "medium",
      pages: pagesOf([...requests, ...cookies]),
      summary: `Before the visitor made any choice, ${entities.length} tracking service(s) ran: ${listNames(entities)} (${requests.length} request(s), ${cookies.length} cookie(s)).`,
      evidence: buildEvidence(ctx, {
        requests,
        cookies,
        screenshots: [pre?.banner.screenshot_before],
        signals: decoded.signals,
        notes: decoded.notes,
      }),
    },
  ];
};
