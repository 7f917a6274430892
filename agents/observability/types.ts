import type { Evidence, PageNode, RecordedCookie, RecordedRequest, SessionEvidence, SessionName } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { Confidence, EvidenceCookieRef, EvidenceRequestRef, FindingCode, GpcVerdict, PrivacyPolicyAnalysis, ViolationEvidence } from "@/lib/schemas/report";
import type { Classification } from "./trackers/classify";

/** A framework-neutral observation from one detector; the rule catalog decides what it means legally. */
export interface Finding {
  code: FindingCode;
  /** "inconclusive" when the evidence cannot settle the question (e.g. reject not proven). */
  status: "violation-candidate" | "inconclusive";
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
  policyAnalysis: PrivacyPolicyAnalysis;
  requestRef(item: ClassifiedRequest): EvidenceRequestRef;
  cookieRef(item: ClassifiedCookie): EvidenceCookieRef;
}

/** One detector per finding code: pure, no I/O. */
export type Detector = (evidence: Evidence, ctx: DetectorContext) => Finding[];
