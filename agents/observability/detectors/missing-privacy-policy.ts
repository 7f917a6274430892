import { buildEvidence } from "../evidence-helpers";
import type { Detector } from "../types";

/** No privacy-policy link on the home page and no policy could be fetched. */
export const detectMissingPrivacyPolicy: Detector = (evidence, ctx) => {
  const home = ctx.homePage;
  if (!home) return [];
  const policy = evidence.privacy_policy;
  const policyOk = policy !== null && !policy.error && (policy.status === null || policy.status < 400) && policy.text.trim().length > 0;
  if (home.privacy_policy_links.length > 0 || policyOk) return [];
  return [
    {
      code: "MISSING_PRIVACY_POLICY",
      status: "violation-candidate",
      confidence: home.error ? "low" : "high",
      pages: [home.final_url || home.url],
      summary: "No privacy policy is linked from the home page, and none could be found elsewhere.",
      evidence: buildEvidence(ctx, {
        signals: { home_page: home.final_url || home.url, policy_status: policy?.status ?? null, policy_error: policy?.error ?? null },
      }),
    },
  ];
};
