import { defineFrameworkCatalog } from "../define-framework-catalog";
import { ccpaPenalties } from "../penalties";
import { observation, violation } from "../rule-helpers";

const OPT_OUT_REGIME =
  "CCPA is an opt-out regime: collecting data before a choice is lawful when notice and a working opt-out exist; it becomes a violation only when an opt-out (link, banner reject, GPC) is ignored.";

export const ccpaCatalog = defineFrameworkCatalog({
  id: "CCPA",
  name: "California Consumer Privacy Act (as amended by CPRA) and CPPA regulations",
  jurisdiction: "California, USA",
  currency: "USD",
  consent_model: "opt_out",
  penalties: ccpaPenalties,
  benchmarks: [
    "CA AG v. Sephora (2022): $1.2M — GPC ignored, no Do Not Sell link.",
    "CA AG v. Healthline (2025): $1.55M for ~65,000 failed opt-outs (≈ $24 per consumer).",
    "CPPA v. Todd Snyder (2025): $345,178 — broken opt-out for 40 days, GPC not processed.",
    "CPPA v. American Honda (2025): $632,500 — asymmetric choices, over-verification.",
  ],
  rules: {
    TRACKING_BEFORE_CONSENT: observation("TRACKING_BEFORE_CONSENT", {
      rule_id: "CCPA-OBS-PRECONSENT",
      section: "Cal. Civ. Code §1798.120, §1798.135",
      title: "Trackers run before any privacy choice",
      reason: OPT_OUT_REGIME,
    }),
    REJECT_NOT_HONORED: violation("REJECT_NOT_HONORED", {
      rule_id: "CCPA-7026f-OPTOUTINEFFECTIVE",
      section: "Cal. Civ. Code §1798.120; 11 CCR §7026(f)",
      title: "Opt-out not effective: tracking continues after the visitor refused",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    GPC_NOT_HONORED: violation("GPC_NOT_HONORED", {
      rule_id: "CCPA-1798.135b-GPC",
      section: "Cal. Civ. Code §1798.120, §1798.135(b),(e); 11 CCR §7025(b),(c)(1)",
      title: "Global Privacy Control opt-out preference signal not honoured",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    MISSING_OPT_OUT_LINK: violation("MISSING_OPT_OUT_LINK", {
      rule_id: "CCPA-1798.135a-DNSSLINK",
      section: "Cal. Civ. Code §1798.135(a); 11 CCR §7013, §7015",
      title: "No 'Do Not Sell or Share My Personal Information' / 'Your Privacy Choices' link",
      severity: "HIGH",
      penalty: "PV-CA",
      downgrade_if_gpc_honored: true,
    }),
    OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", {
      rule_id: "CCPA-7026-OPTOUTBROKEN",
      section: "11 CCR §7026(a); §7004(a)(5)",
      title: "Opt-out link broken or leads nowhere",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    NO_CONSENT_MECHANISM: observation("NO_CONSENT_MECHANISM", {
      rule_id: "CCPA-OBS-NOBANNER",
      section: "Cal. Civ. Code §1798.135",
      title: "No consent banner or preference tool",
      reason: `${OPT_OUT_REGIME} A banner is not required; the opt-out link and GPC checks decide.`,
    }),
    NO_REJECT_OPTION: violation("NO_REJECT_OPTION", {
      rule_id: "CCPA-7004-SYMMETRY",
      section: "11 CCR §7004(a)(2)",
      title: "Opting out is harder than opting in (asymmetric choice)",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    PRE_TICKED_CONSENT: violation("PRE_TICKED_CONSENT", {
      rule_id: "CCPA-7004-DARKPATTERN",
      section: "11 CCR §7004(a)(3)-(4), (b)-(c)",
      title: "Consent choices pre-selected (dark pattern; consent so obtained is void)",
      severity: "MEDIUM",
      penalty: "PV-CA",
    }),
    MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
      rule_id: "CCPA-7011-NOPOLICY",
      section: "Cal. Civ. Code §1798.130(a)(5); 11 CCR §7011; Bus. & Prof. Code §22575",
      title: "No privacy policy linked from the home page",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
      rule_id: "CCPA-7011-POLICYCONTENT",
      section: "11 CCR §7011(e)",
      title: "Privacy policy lacks required CCPA disclosures",
      severity: "MEDIUM",
      penalty: "PV-CA",
    }),
    PII_SHARED_WITH_THIRD_PARTY: violation("PII_SHARED_WITH_THIRD_PARTY", {
      rule_id: "CCPA-7002-SPILEAK",
      section: "Cal. Civ. Code §1798.100(c); 11 CCR §7002",
      title: "Personal information sent to third parties beyond the consumer's reasonable expectation",
      severity: "HIGH",
      penalty: "PV-CA",
    }),
    INSECURE_DATA_COLLECTION: violation("INSECURE_DATA_COLLECTION", {
      rule_id: "CCPA-1798.150-INSECURE",
      section: "Cal. Civ. Code §1798.150; §1798.81.5",
      title: "Personal data collected over plain HTTP (no reasonable security)",
      severity: "HIGH",
      penalty: "CA-BREACH",
    }),
    EXCESSIVE_COOKIE_LIFETIME: observation("EXCESSIVE_COOKIE_LIFETIME", {
      rule_id: "CCPA-OBS-COOKIELIFETIME",
      section: "Cal. Civ. Code §1798.100(a)(3)",
      title: "Tracking cookies live longer than 13 months",
      reason: "The CCPA sets no cookie lifetime limit; retention must only be disclosed and reasonably necessary.",
    }),
    SESSION_RECORDING: observation("SESSION_RECORDING", {
      rule_id: "CCPA-OBS-SESSIONREPLAY",
      section: "Cal. Civ. Code §1798.100",
      title: "Session-replay service records visitors before a choice",
      reason: `${OPT_OUT_REGIME} (Wiretap claims under CIPA are outside this catalog.)`,
      severity: "MEDIUM",
    }),
    BROWSER_FINGERPRINTING: observation("BROWSER_FINGERPRINTING", {
      rule_id: "CCPA-OBS-FINGERPRINT",
      section: "Cal. Civ. Code §1798.140(ae)",
      title: "Browser fingerprinting before a choice",
      reason: `${OPT_OUT_REGIME} Fingerprints are personal information (unique identifiers) and must respect opt-outs.`,
    }),
  },
});
