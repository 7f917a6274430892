import type { Evidence, PageNode, RecordedCookie, RecordedRequest, SessionEvidence, SessionName } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { Confidence, EvidenceCookieRef, EvidenceRequestRef, FindingCode, GpcVerdict, PrivacyPolicyAnalysis, ViolationEvidence } from "@/lib/schemas/report";
import type { Classification } from "./trackers/classify";
import type { ConsentSignalAnalysis } from "./verdicts/consent-signals";

/** A framework-neutral observation from one detector; the rule catalog decides what it means legally. */
export interface Finding {
  code: FindingCode;
  /**
   * "inconclusive" when the evidence cannot settle the question (e.g. reject not proven);
   * "observation" when the behaviour is reported but is not a violation whatever the framework
   * (e.g. Consent Mode's denied cookieless pings); `reason` then says why.
   */
  status: "violation-candidate" | "inconclusive" | "observation";
  reason?: string;
  confidence: Confidence;
  pages: string[];
  summary: string;
  evidence: ViolationEvidence;
}

export interface ClassifiedRequest {
  session: SessionName;
  request: RecordedRequest;
  cls: Classification;
}

export interface ClassifiedCookie {
  session: SessionName;
  cookie: RecordedCookie;
  cls: Classification;
}

/** Everything detectors share, computed once per analysis. */
export interface DetectorContext {
  framework: Framework;
  siteDomain: string;
  scanDate: string;
  sessions: { name: SessionName; evidence: SessionEvidence }[];
  requests: ClassifiedRequest[];
  cookies: ClassifiedCookie[];
  homePage: PageNode | null;
  gpcVerdict: GpcVerdict;
  /** Decoded TCF strings and Google Consent Mode states (verdicts/consent-signals.ts). */
  consentSignals: ConsentSignalAnalysis;
  policyAnalysis: PrivacyPolicyAnalysis;
  requestRef(item: ClassifiedRequest): EvidenceRequestRef;
  cookieRef(item: ClassifiedCookie): EvidenceCookieRef;
}

/** One detector per finding code: pure, no I/O. */
export type Detector = (evidence: Evidence, ctx: DetectorContext) => Finding[];
