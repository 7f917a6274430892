import { defineFrameworkCatalog } from "../define-framework-catalog";
import { popiaPenalties } from "../penalties";
import { observation, violation } from "../rule-helpers";

const NO_COOKIE_RULE = "POPIA has no cookie-specific consent rule; processing needs a lawful ground (s.11), which the scan cannot settle.";

export const popiaCatalog = defineFrameworkCatalog({
  id: "POPIA",
  name: "Protection of Personal Information Act (South Africa) and PAIA",
  jurisdiction: "South Africa",
  currency: "ZAR",
  consent_model: "opt_out",
  penalties: popiaPenalties,
  benchmarks: ["Information Regulator fined the Department of Justice R5M for ignoring an enforcement notice."],
  rules: {
    TRACKING_BEFORE_CONSENT: observation("TRACKING_BEFORE_CONSENT", { rule_id: "ZA-OBS-PRECONSENT", section: "POPIA s.11", title: "Trackers before any choice", reason: NO_COOKIE_RULE }),
    REJECT_NOT_HONORED: violation("REJECT_NOT_HONORED", {
      rule_id: "ZA-POPIA11-OBJECTION",
      section: "POPIA s.11(3)",
      title: "Objection to processing not respected (tracking after refusal)",
      severity: "MEDIUM",
      penalty: "ZA",
    }),
    GPC_NOT_HONORED: observation("GPC_NOT_HONORED", { rule_id: "ZA-OBS-GPC", section: "POPIA s.11(3)", title: "Global Privacy Control ignored", reason: "POPIA does not recognise browser opt-out signals." }),
    MISSING_OPT_OUT_LINK: observation("MISSING_OPT_OUT_LINK", { rule_id: "ZA-OBS-DNSSLINK", section: "POPIA s.11(3)", title: "No 'Do Not Sell or Share' link", reason: "POPIA has no 'Do Not Sell' link duty." }),
    OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", { rule_id: "ZA-POPIA11-OBJECTION", section: "POPIA s.11(3)", title: "Objection mechanism broken", severity: "MEDIUM", penalty: "ZA" }),
    NO_CONSENT_MECHANISM: observation("NO_CONSENT_MECHANISM", { rule_id: "ZA-OBS-NOBANNER", section: "POPIA s.11", title: "No consent tool", reason: NO_COOKIE_RULE }),
    NO_REJECT_OPTION: observation("NO_REJECT_OPTION", { rule_id: "ZA-OBS-NOREJECT", section: "POPIA s.11", title: "No reject option", reason: NO_COOKIE_RULE }),
    PRE_TICKED_CONSENT: violation("PRE_TICKED_CONSENT", {
      rule_id: "ZA-POPIA69-DM",
      section: "POPIA s.69",
      title: "Direct-marketing opt-in pre-ticked",
      severity: "MEDIUM",
      penalty: "ZA",
    }),
    MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
      rule_id: "ZA-POPIA18-NOTICE",
      section: "POPIA s.18; PAIA s.51(3)",
      title: "No s.18 notice or PAIA manual on the website",
      severity: "MEDIUM",
      penalty: "ZA",
    }),
    PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
      rule_id: "ZA-POPIA18-NOTICE",
      section: "POPIA s.18; PAIA s.51(3)",
      title: "Notice lacks s.18 information or PAIA manual",
      severity: "MEDIUM",
      penalty: "ZA",
    }),
    PII_SHARED_WITH_THIRD_PARTY: violation("PII_SHARED_WITH_THIRD_PARTY", {
      rule_id: "ZA-POPIA10-MINIMALITY",
      section: "POPIA s.10",
      title: "Personal information sent to third parties beyond what is adequate and relevant",
      severity: "MEDIUM",
      penalty: "ZA",
    }),
    INSECURE_DATA_COLLECTION: violation("INSECURE_DATA_COLLECTION", {
      rule_id: "ZA-POPIA19-SECURITY",
      section: "POPIA s.19",
      title: "Personal information collected over plain HTTP",
      severity: "HIGH",
      penalty: "ZA",
    }),
    EXCESSIVE_COOKIE_LIFETIME: observation("EXCESSIVE_COOKIE_LIFETIME", { rule_id: "ZA-OBS-13MONTH", section: "POPIA s.14", title: "Tracking cookie lifetime over 13 months", reason: "No fixed cookie lifetime in POPIA." }),
    SESSION_RECORDING: observation("SESSION_RECORDING", { rule_id: "ZA-OBS-SESSIONREPLAY", section: "POPIA s.11, s.18", title: "Session recording before a choice", reason: NO_COOKIE_RULE, severity: "MEDIUM" }),
    BROWSER_FINGERPRINTING: observation("BROWSER_FINGERPRINTING", { rule_id: "ZA-OBS-FINGERPRINT", section: "POPIA s.11", title: "Browser fingerprinting", reason: NO_COOKIE_RULE }),
  },
});
