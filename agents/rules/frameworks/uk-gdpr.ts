import { defineFrameworkCatalog } from "../define-framework-catalog";
import { ukPenalties } from "../penalties";
import { observation, violation } from "../rule-helpers";

// LAW.md names one UK id (UK-PECR6-CONSENT) for the ICO's three cookie tests; the other ids
// mirror the EU ids with a UK- prefix so clients can tell the regimes apart.
const CONSENT = "consent";
const PECR = { rule_id: "UK-PECR6-CONSENT", section: "PECR reg. 6 as amended by DUAA 2025 Sch. A1; UK GDPR Art. 4(11), 7", penalty: "UK-EP", conduct: CONSENT };

export const ukGdprCatalog = defineFrameworkCatalog({
  id: "UK_GDPR",
  name: "UK GDPR, Data Protection Act 2018 and PECR",
  jurisdiction: "United Kingdom",
  currency: "GBP",
  consent_model: "opt_in",
  penalties: ukPenalties,
  benchmarks: ["ICO top-1,000 sites review (2025): 979 fixed by Dec 2025, 17 preliminary notices, no fines yet."],
  rules: {
    TRACKING_BEFORE_CONSENT: violation("TRACKING_BEFORE_CONSENT", { ...PECR, title: "Non-essential cookies or trackers before a choice (ICO test 1)", severity: "HIGH" }),
    REJECT_NOT_HONORED: violation("REJECT_NOT_HONORED", { ...PECR, title: "Trackers after 'Reject all' (ICO test 3)", severity: "HIGH" }),
    GPC_NOT_HONORED: observation("GPC_NOT_HONORED", {
      rule_id: "UK-OBS-GPC",
      section: "UK GDPR Art. 21(5)",
      title: "Global Privacy Control signal ignored",
      reason: "GPC has no binding status under UK GDPR/PECR; consent must be opt-in regardless.",
    }),
    MISSING_OPT_OUT_LINK: observation("MISSING_OPT_OUT_LINK", {
      rule_id: "UK-OBS-DNSSLINK",
      section: "UK GDPR Art. 7(3)",
      title: "No 'Do Not Sell or Share' link",
      reason: "UK law has no 'Do Not Sell' link duty; withdrawal is assessed via the consent tool.",
    }),
    OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", {
      rule_id: "UK-GDPR73-WITHDRAW",
      section: "UK GDPR Art. 7(3)",
      title: "Withdrawing a choice is not as easy as giving it",
      severity: "MEDIUM",
      penalty: "UK-T4",
      conduct: CONSENT,
    }),
    NO_CONSENT_MECHANISM: violation("NO_CONSENT_MECHANISM", { ...PECR, title: "Trackers with no consent mechanism", severity: "HIGH" }),
    NO_REJECT_OPTION: violation("NO_REJECT_OPTION", { ...PECR, title: "Rejecting is not as easy as accepting (ICO test 2)", severity: "HIGH" }),
    PRE_TICKED_CONSENT: violation("PRE_TICKED_CONSENT", { ...PECR, title: "Non-essential purposes pre-ticked", severity: "HIGH" }),
    MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
      rule_id: "UK-GDPR12-NONOTICE",
      section: "UK GDPR Art. 12-13",
      title: "No privacy notice reachable from the home page",
      severity: "HIGH",
      penalty: "UK-T4",
      conduct: "transparency",
    }),
    PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
      rule_id: "UK-GDPR13-CONTENT",
      section: "UK GDPR Art. 13(1)-(2)",
      title: "Privacy notice lacks Art. 13 information",
      severity: "MEDIUM",
      penalty: "UK-T4",
      conduct: "transparency",
    }),
    PII_SHARED_WITH_THIRD_PARTY: violation("PII_SHARED_WITH_THIRD_PARTY", {
      rule_id: "UK-GDPR5c-MINIMISE",
      section: "UK GDPR Art. 5(1)(c)",
      title: "Personal data sent to third parties (data minimisation)",
      severity: "HIGH",
      penalty: "UK-T4",
      conduct: "minimisation",
    }),
    INSECURE_DATA_COLLECTION: violation("INSECURE_DATA_COLLECTION", {
      rule_id: "UK-GDPR32-INSECURE",
      section: "UK GDPR Art. 5(1)(f), 32",
      title: "Personal data collected over plain HTTP",
      severity: "HIGH",
      penalty: "UK-T2",
      conduct: "security",
    }),
    EXCESSIVE_COOKIE_LIFETIME: observation("EXCESSIVE_COOKIE_LIFETIME", {
      rule_id: "UK-OBS-13MONTH",
      section: "ICO cookie guidance",
      title: "Tracking cookie lifetime over 13 months",
      reason: "The 13-month limit is CNIL guidance; the ICO asks only that lifetimes be proportionate.",
    }),
    SESSION_RECORDING: violation("SESSION_RECORDING", { ...PECR, title: "Session recording without valid consent", severity: "HIGH" }),
    BROWSER_FINGERPRINTING: violation("BROWSER_FINGERPRINTING", { ...PECR, title: "Browser fingerprinting without consent", severity: "HIGH" }),
  },
});
