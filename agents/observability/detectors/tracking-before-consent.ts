import { buildEvidence, entitiesOf, listNames, pagesOf, trackingCookies, trackingRequests } from "../evidence-helpers";
import type { Detector } from "../types";

/** Non-essential tracker requests or cookies before any choice: the pre_consent visit, and the accept/reject visits before their click. */
export const detectTrackingBeforeConsent: Detector = (evidence, ctx) => {
  const requests = trackingRequests(ctx).filter(
    (r) => r.session === "pre_consent" || ((r.session === "accept_all" || r.session === "reject_all") && r.request.t_since_consent_ms !== null && r.request.t_since_consent_ms < 0),
  );
  const cookies = trackingCookies(ctx).filter(
    (c) => c.session === "pre_consent" || ((c.session === "accept_all" || c.session === "reject_all") && c.cookie.t_since_consent_ms !== null && c.cookie.t_since_consent_ms < 0),
  );
  if (!requests.length && !cookies.length) return [];
  const entities = entitiesOf([...requests, ...cookies]);
  const strong = [...requests, ...cookies].some((i) => i.cls.category === "advertising" || i.cls.category === "session_replay" || i.cls.category === "social");
  const pre = evidence.sessions.pre_consent;
  return [
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
      }),
    },
  ];
};
