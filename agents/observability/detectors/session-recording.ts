import { buildEvidence, entitiesOf, listNames, NO_CONSENT_SESSIONS, pagesOf } from "../evidence-helpers";
import type { Detector } from "../types";

/** Session-replay requests in a visit without valid consent (pre_consent, reject_all, gpc, or before the accept click). */
export const detectSessionRecording: Detector = (_evidence, ctx) => {
  const requests = ctx.requests.filter(
    (r) =>
      r.cls.category === "session_replay" &&
      !r.request.blocked_reason &&
      (NO_CONSENT_SESSIONS.includes(r.session) || (r.session === "accept_all" && (r.request.t_since_consent_ms ?? 0) < 0)),
  );
  if (!requests.length) return [];
  const sessions = [...new Set(requests.map((r) => r.session))];
  return [
    {
      code: "SESSION_RECORDING",
      status: "violation-candidate",
      confidence: "high",
      pages: pagesOf(requests),
      summary: `${listNames(entitiesOf(requests))} recorded visitors' sessions without a valid choice (visits: ${sessions.join(", ")}).`,
      evidence: buildEvidence(ctx, { requests }),
    },
  ];
};
