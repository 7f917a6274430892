import type { FindingCode } from "@/lib/schemas/report";
import type { Detector } from "../types";
import { detectBrowserFingerprinting } from "./browser-fingerprinting";
import { detectExcessiveCookieLifetime } from "./excessive-cookie-lifetime";
import { detectGpcNotHonored } from "./gpc-not-honored";
import { detectInsecureDataCollection } from "./insecure-data-collection";
import { detectMissingOptOutLink } from "./missing-opt-out-link";
import { detectMissingPrivacyPolicy } from "./missing-privacy-policy";
import { detectNoConsentMechanism } from "./no-consent-mechanism";
import { detectNoRejectOption } from "./no-reject-option";
import { detectOptOutLinkBroken } from "./opt-out-link-broken";
import { detectPiiSharedWithThirdParty } from "./pii-shared-with-third-party";
import { detectPreTickedConsent } from "./pre-ticked-consent";
import { detectPrivacyPolicyIncomplete } from "./privacy-policy-incomplete";
import { detectRejectNotHonored } from "./reject-not-honored";
import { detectSessionRecording } from "./session-recording";
import { detectTrackingBeforeConsent } from "./tracking-before-consent";

/** One detector per finding code; the Record type makes the compiler enforce coverage. */
export const detectors: Record<FindingCode, Detector> = {
  TRACKING_BEFORE_CONSENT: detectTrackingBeforeConsent,
  REJECT_NOT_HONORED: detectRejectNotHonored,
  GPC_NOT_HONORED: detectGpcNotHonored,
  MISSING_OPT_OUT_LINK: detectMissingOptOutLink,
  OPT_OUT_LINK_BROKEN: detectOptOutLinkBroken,
  NO_CONSENT_MECHANISM: detectNoConsentMechanism,
  NO_REJECT_OPTION: detectNoRejectOption,
  PRE_TICKED_CONSENT: detectPreTickedConsent,
  MISSING_PRIVACY_POLICY: detectMissingPrivacyPolicy,
  PRIVACY_POLICY_INCOMPLETE: detectPrivacyPolicyIncomplete,
  PII_SHARED_WITH_THIRD_PARTY: detectPiiSharedWithThirdParty,
  INSECURE_DATA_COLLECTION: detectInsecureDataCollection,
  EXCESSIVE_COOKIE_LIFETIME: detectExcessiveCookieLifetime,
  SESSION_RECORDING: detectSessionRecording,
  BROWSER_FINGERPRINTING: detectBrowserFingerprinting,
};
