import { buildEvidence, pagesOf, saleShareRequests } from "../evidence-helpers";
import { isSaleShareCategory } from "../trackers/category-map";
import type { Detector } from "../types";

/** With GPC on, sale/share trackers still fire or the site's own signals say "not opted out". */
export const detectGpcNotHonored: Detector = (evidence, ctx) => {
  const verdict = ctx.gpcVerdict;
  if (verdict.verdict !== "not_honored") return [];
  const requests = saleShareRequests(ctx, "gpc");
  const cookies = ctx.cookies.filter((c) => c.session === "gpc" && isSaleShareCategory(c.cls.category) && !c.cookie.blocked && c.cls.party === "third");
  const after = verdict.signals_after;
  const behavioural = requests.length > 0;
  const signalBased = verdict.reasons.some((r) => !r.startsWith("Advertising/social") && !r.startsWith("The site's /.well-known"));
  return [
    {
      code: "GPC_NOT_HONORED",
      status: "violation-candidate",
      confidence: behavioural && (signalBased || evidence.well_known_gpc?.gpc === true) ? "high" : "medium",
      pages: pagesOf(requests),
      summary: verdict.summary,
      evidence: buildEvidence(ctx, {
        requests,
        cookies,
        signals: {
          sec_gpc_sent: true,
          navigator_gpc: after?.navigator_gpc ?? null,
          usprivacy_after: after?.usprivacy ?? null,
          usprivacy_before: verdict.signals_before?.usprivacy ?? null,
          gpp_after: after?.gpp_string ?? null,
          optanon_is_gpc_enabled: after?.optanon_is_gpc_enabled ?? null,
          well_known_gpc: evidence.well_known_gpc?.gpc ?? null,
        },
        notes: verdict.reasons,
      }),
    },
  ];
};
