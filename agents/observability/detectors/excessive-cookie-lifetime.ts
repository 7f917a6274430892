import { buildEvidence, listNames, trackingCookies } from "../evidence-helpers";
import type { Detector } from "../types";

/** CNIL's ceiling: 13 months, taken as 395 days. */
export const MAX_TRACKING_COOKIE_DAYS = 395;

/** Tracking cookies (non-essential categories) that live longer than 13 months. */
export const detectExcessiveCookieLifetime: Detector = (_evidence, ctx) => {
  const seen = new Set<string>();
  const cookies = trackingCookies(ctx).filter((c) => {
    const key = `${c.cookie.name}|${c.cookie.domain}`;
    if ((c.cookie.lifetime_days ?? 0) <= MAX_TRACKING_COOKIE_DAYS || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!cookies.length) return [];
  const names = cookies.map((c) => `${c.cookie.name} (${Math.round(c.cookie.lifetime_days ?? 0)} days)`);
  return [
    {
      code: "EXCESSIVE_COOKIE_LIFETIME",
      status: "violation-candidate",
      confidence: "high",
      pages: [],
      summary: `${cookies.length} tracking cookie(s) live longer than 13 months: ${listNames(names)}.`,
      evidence: buildEvidence(ctx, { cookies }),
    },
  ];
};
