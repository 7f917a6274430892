import { buildEvidence, entitiesOf, listNames, pagesOf, trackingCookies, trackingRequests } from "../evidence-helpers";
import type { Detector } from "../types";
import { bannerFoundAnywhere } from "../verdicts/consent-verdict";

/** Non-essential trackers present and no banner or preference tool in any visit or page. */
export const detectNoConsentMechanism: Detector = (evidence, ctx) => {
  if (bannerFoundAnywhere(evidence)) return [];
  const requests = trackingRequests(ctx);
  const cookies = trackingCookies(ctx);
  if (!requests.length && !cookies.length) return [];
  const attempted = Object.values(evidence.sessions).some((s) => s && s.banner.method !== "none");
  return [
    {
      code: "NO_CONSENT_MECHANISM",
      status: "violation-candidate",
      confidence: attempted ? "medium" : "low",
      pages: pagesOf(requests),
      summary: `${listNames(entitiesOf([...requests, ...cookies]))} track visitors, but no consent banner or preference tool was found in any visit.`,
      evidence: buildEvidence(ctx, {
        requests,
        cookies,
        screenshots: [evidence.sessions.pre_consent?.banner.screenshot_before],
        notes: ["Banner detection uses CMP rules and a heuristic; a banner that neither recognises would be missed."],
      }),
    },
  ];
};
