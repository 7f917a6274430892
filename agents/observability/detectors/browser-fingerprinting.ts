import type { FingerprintEvent, SessionName } from "@/agents/evidence/schema";
import { buildEvidence, NO_CONSENT_SESSIONS, uniq } from "../evidence-helpers";
import { isThirdParty } from "../trackers/party";
import type { Detector } from "../types";

// Englehardt & Narayanan (2016) thresholds, re-checked when the instrument reports them.
function meetsThreshold(event: FingerprintEvent): boolean {
  const d = event.detail;
  const num = (key: string) => (typeof d[key] === "number" ? (d[key] as number) : null);
  if (event.kind === "canvas") {
    const text = num("text_length");
    const area = num("read_area");
    if (text !== null && text < 10) return false;
    if (area !== null && area < 256) return false;
  }
  if (event.kind === "canvas_font") {
    const fonts = num("distinct_fonts");
    const measures = num("measure_text_calls");
    if (fonts !== null || measures !== null) return (fonts ?? 0) >= 50 || (measures ?? 0) >= 50;
  }
  return true;
}

/** Canvas, font, audio or WebGL fingerprinting in a visit without valid consent. */
export const detectBrowserFingerprinting: Detector = (evidence, ctx) => {
  const hits: { session: SessionName; event: FingerprintEvent }[] = [];
  for (const { name, evidence: session } of ctx.sessions) {
    for (const event of session.fingerprinting) {
      const noConsent = NO_CONSENT_SESSIONS.includes(name) || (name === "accept_all" && (event.t_since_consent_ms ?? 0) < 0);
      if (noConsent && meetsThreshold(event)) hits.push({ session: name, event });
    }
  }
  if (!hits.length) return [];
  const scripts = uniq(hits.map((h) => h.event.script_url ?? "(inline script)"));
  const kinds = uniq(hits.map((h) => h.event.kind));
  const thirdParty = scripts.some((s) => s.startsWith("http") && isThirdParty(s, ctx.siteDomain));
  void evidence;
  return [
    {
      code: "BROWSER_FINGERPRINTING",
      status: "violation-candidate",
      confidence: thirdParty ? "high" : "medium",
      pages: uniq(hits.map((h) => h.event.page_url)),
      summary: `${kinds.join(", ")} fingerprinting ran without a valid choice, by ${scripts.join(", ")}.`,
      evidence: buildEvidence(ctx, {
        signals: Object.fromEntries(hits.slice(0, 10).map((h, i) => [`event_${i + 1}`, `${h.session}: ${h.event.kind} by ${h.event.script_url ?? "inline"} ${JSON.stringify(h.event.detail)}`])),
      }),
    },
  ];
};
