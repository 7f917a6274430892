import type { Evidence, SessionName } from "@/agents/evidence/schema";
import { sessionNames } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import { analyzePrivacyPolicy } from "./policy/analyze-policy";
import { classifyCookie, classifyRequest } from "./trackers/classify";
import { registrableDomain } from "./trackers/party";
import type { ClassifiedCookie, ClassifiedRequest, DetectorContext } from "./types";
import { analyzeConsentSignals } from "./verdicts/consent-signals";
import { computeGpcVerdict } from "./verdicts/gpc-verdict";

/** Classifies every request and cookie once and derives the shared verdicts detectors read. */
export function buildDetectorContext(evidence: Evidence, framework: Framework): DetectorContext {
  const siteDomain = registrableDomain(evidence.final_url ?? evidence.target_url);
  const sessions = sessionNames.flatMap((name) => {
    const s = evidence.sessions[name];
    return s ? [{ name, evidence: s }] : [];
  });
  const requests: ClassifiedRequest[] = sessions.flatMap(({ name, evidence: s }) =>
    s.requests.map((request) => ({ session: name, request, cls: classifyRequest(request.url, siteDomain, request.resource_type, request.page_url) })),
  );
  const cookies: ClassifiedCookie[] = sessions.flatMap(({ name, evidence: s }) =>
    s.cookies.map((cookie) => ({ session: name, cookie, cls: classifyCookie(cookie.name, cookie.domain, siteDomain) })),
  );
  const homePage = [...evidence.discovery.nodes].sort((a, b) => a.depth - b.depth)[0] ?? null;
  return {
    framework,
    siteDomain,
    scanDate: evidence.started_at,
    sessions,
    requests,
    cookies,
    homePage: homePage && homePage.depth === 0 ? homePage : null,
    gpcVerdict: computeGpcVerdict(evidence, requests, cookies),
    consentSignals: analyzeConsentSignals(evidence, requests, cookies),
    policyAnalysis: analyzePrivacyPolicy(evidence, framework),
    requestRef: ({ session, request, cls }) => ({
      id: request.id,
      url: request.url,
      session,
      method: request.method,
      page_url: request.page_url,
      t_since_consent_ms: request.t_since_consent_ms,
      entity: cls.entity,
      category: cls.category,
    }),
    cookieRef: ({ session, cookie, cls }) => ({
      name: cookie.name,
      domain: cookie.domain,
      session,
      set_by: cookie.set_by.url,
      lifetime_days: cookie.lifetime_days,
      t_since_consent_ms: cookie.t_since_consent_ms,
      entity: cls.entity,
      category: cls.category,
    }),
  };
}

export type { SessionName };
