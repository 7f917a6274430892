import { buildEvidence, entitiesOf, listNames, saleShareRequests } from "../evidence-helpers";
import type { Detector } from "../types";

/** Ad/social trackers (sale/share) in any visit, but the home page has no opt-out link. */
export const detectMissingOptOutLink: Detector = (_evidence, ctx) => {
  const home = ctx.homePage;
  if (!home || home.opt_out_links.length > 0) return [];
  const requests = saleShareRequests(ctx);
  if (!requests.length) return [];
  const entities = entitiesOf(requests);
  return [
    {
      code: "MISSING_OPT_OUT_LINK",
      status: "violation-candidate",
      confidence: home.error ? "low" : "high",
      pages: [home.final_url || home.url],
      summary: `The site shares data with ${listNames(entities)} (advertising/social), but its home page has no "Do Not Sell or Share My Personal Information" or "Your Privacy Choices" link.`,
      evidence: buildEvidence(ctx, { requests, notes: [`Home page links checked: ${home.links.length}.`] }),
    },
  ];
};
