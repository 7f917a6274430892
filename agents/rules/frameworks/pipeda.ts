import { defineFrameworkCatalog } from "../define-framework-catalog";
import { pipedaPenalties } from "../penalties";
import { observation, violation } from "../rule-helpers";

// Federal PIPEDA findings carry no fine; Quebec Law 25 duties (privacy by default, policy and
// person in charge) carry Quebec's AMPs and are listed where LAW.md names them.
const PIPEDA_CONSENT = {
  rule_id: "CA-PIPEDA-43-CONSENT",
  section: "PIPEDA Sch. 1 cl. 4.3; OPC guidelines for obtaining meaningful consent",
  penalty: "PIPEDA-NONE",
};
const QC_PROFILING = { rule_id: "QC-L25-81-PROFILING", section: "Quebec Private Sector Act s.8.1, 9.1", penalty: "QC" };

export const pipedaCatalog = defineFrameworkCatalog({
  id: "PIPEDA",
  name: "PIPEDA (Canada) with Quebec Law 25",
  jurisdiction: "Canada (federal) and Quebec",
  currency: "CAD",
  consent_model: "opt_out",
  penalties: pipedaPenalties,
  benchmarks: [],
  rules: {
    TRACKING_BEFORE_CONSENT: violation("TRACKING_BEFORE_CONSENT", {
      ...QC_PROFILING,
      title: "Identification/profiling technology active by default (Quebec visitors)",
      severity: "HIGH",
    }),
    REJECT_NOT_HONORED: violation("REJECT_NOT_HONORED", { ...PIPEDA_CONSENT, title: "Refusal of behavioural advertising not respected", severity: "LOW" }),
    GPC_NOT_HONORED: observation("GPC_NOT_HONORED", {
      rule_id: "CA-OBS-GPC",
      section: "PIPEDA Sch. 1 cl. 4.3.8",
      title: "Global Privacy Control signal ignored",
      reason: "Neither PIPEDA nor Law 25 names a browser opt-out signal the business must honour.",
    }),
    MISSING_OPT_OUT_LINK: observation("MISSING_OPT_OUT_LINK", {
      rule_id: "CA-OBS-DNSSLINK",
      section: "PIPEDA Sch. 1 cl. 4.3.8",
      title: "No 'Do Not Sell or Share' link",
      reason: "Canadian law has no 'Do Not Sell' link duty; an easy opt-out of online behavioural advertising is OPC guidance.",
    }),
    OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", { ...PIPEDA_CONSENT, section: "PIPEDA Sch. 1 cl. 4.3.8", title: "Withdrawal of consent not possible (opt-out link broken)", severity: "LOW" }),
    NO_CONSENT_MECHANISM: violation("NO_CONSENT_MECHANISM", { ...PIPEDA_CONSENT, title: "Behavioural trackers with no notice or opt-out", severity: "LOW" }),
    NO_REJECT_OPTION: violation("NO_REJECT_OPTION", { ...PIPEDA_CONSENT, title: "No easy way to decline behavioural tracking", severity: "LOW" }),
    PRE_TICKED_CONSENT: violation("PRE_TICKED_CONSENT", { ...QC_PROFILING, title: "Profiling options enabled by default (Quebec privacy by default)", severity: "MEDIUM" }),
    MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
      rule_id: "QC-L25-32-POLICY",
      section: "Quebec Private Sector Act s.3.1, 3.2; PIPEDA Sch. 1 cl. 4.8",
      title: "No confidentiality policy published on the site",
      severity: "MEDIUM",
      penalty: "QC",
    }),
    PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
      rule_id: "QC-L25-32-POLICY",
      section: "Quebec Private Sector Act s.3.1, 3.2; PIPEDA Sch. 1 cl. 4.1, 4.8",
      title: "Policy lacks required information (incl. title and contact of the person in charge)",
      severity: "MEDIUM",
      penalty: "QC",
    }),
    PII_SHARED_WITH_THIRD_PARTY: violation("PII_SHARED_WITH_THIRD_PARTY", {
      rule_id: "CA-PIPEDA-44-LIMITING",
      section: "PIPEDA Sch. 1 cl. 4.4, 4.5",
      title: "Personal information disclosed to third parties beyond the identified purpose",
      severity: "LOW",
      penalty: "PIPEDA-NONE",
    }),
    INSECURE_DATA_COLLECTION: violation("INSECURE_DATA_COLLECTION", {
      rule_id: "CA-PIPEDA-47-SAFEGUARDS",
      section: "PIPEDA Sch. 1 cl. 4.7",
      title: "Personal information collected over plain HTTP",
      severity: "LOW",
      penalty: "PIPEDA-NONE",
    }),
    EXCESSIVE_COOKIE_LIFETIME: observation("EXCESSIVE_COOKIE_LIFETIME", {
      rule_id: "CA-OBS-13MONTH",
      section: "PIPEDA Sch. 1 cl. 4.5",
      title: "Tracking cookie lifetime over 13 months",
      reason: "No fixed cookie lifetime in Canadian law; retention must be limited to the purpose.",
    }),
    SESSION_RECORDING: violation("SESSION_RECORDING", { ...QC_PROFILING, title: "Session recording active by default (Quebec visitors)", severity: "HIGH" }),
    BROWSER_FINGERPRINTING: violation("BROWSER_FINGERPRINTING", { ...QC_PROFILING, title: "Fingerprinting (identification technology) active by default", severity: "HIGH" }),
  },
});
