import type { FindingCode } from "@/lib/schemas/report";

/** Framework-neutral engineering remediation; framework rules may replace it. */
export const defaultRemediation: Record<FindingCode, string> = {
  TRACKING_BEFORE_CONSENT:
    "Block every non-essential tag (advertising, analytics, social, session replay) until the visitor opts in: gate them in the tag manager or CMP (e.g. consent-mode default 'denied', script type=text/plain with CMP category), and re-test with an empty profile.",
  REJECT_NOT_HONORED:
    "Make 'Reject all' stop non-essential tags on the same page view and on reload, delete the tracker cookies already set, and verify the CMP records the refusal before any tag reads it.",
  GPC_NOT_HONORED:
    "Read Sec-GPC / navigator.globalPrivacyControl on every visit and treat it as an opt-out of sale/sharing and targeted advertising: suppress ad and social pixels, set the US Privacy string to 1YY-, GPP SaleOptOut/SharingOptOut = 1 and Gpc = 1, and show that the signal was honoured.",
  MISSING_OPT_OUT_LINK:
    "Add a clear 'Do Not Sell or Share My Personal Information' or 'Your Privacy Choices' link (with the CPPA icon) to the home-page footer, leading to a working opt-out.",
  OPT_OUT_LINK_BROKEN:
    "Fix the opt-out link so it loads (no 4xx/5xx or redirect loop) and offers a working control that records the opt-out without extra verification.",
  NO_CONSENT_MECHANISM:
    "Deploy a consent banner or preference tool that asks before non-essential trackers run, offers accept and reject equally, and can be reopened from every page.",
  NO_REJECT_OPTION:
    "Put a 'Reject all' button on the first layer, as prominent as 'Accept all', so refusing takes no more clicks than accepting.",
  PRE_TICKED_CONSENT:
    "Leave every non-essential purpose, vendor and marketing checkbox off by default; only strictly necessary items may be pre-selected (and shown as locked).",
  MISSING_PRIVACY_POLICY: "Publish a privacy policy and link it from the footer of every page, including the home page.",
  PRIVACY_POLICY_INCOMPLETE: "Add the missing disclosures listed in the policy analysis, in plain language, and date the policy.",
  PII_SHARED_WITH_THIRD_PARTY:
    "Stop sending typed or hashed personal data (email, phone, name) to third parties: disable automatic advanced matching / form-field capture in pixels and session-replay tools, and strip PII from URLs.",
  INSECURE_DATA_COLLECTION: "Serve every page that collects personal data over HTTPS, post forms only to https:// endpoints, and enable HSTS.",
  EXCESSIVE_COOKIE_LIFETIME: "Cap tracking-cookie lifetimes at 13 months and do not extend them on each visit; re-ask for consent at expiry.",
  SESSION_RECORDING:
    "Load session-replay tools only after opt-in consent, mask all input fields, and exclude pages that collect personal data.",
  BROWSER_FINGERPRINTING:
    "Remove canvas/audio/WebGL fingerprinting scripts or load them only after consent for a stated purpose; prefer server-side fraud signals.",
};
