import { defineFrameworkCatalog } from "../define-framework-catalog";
import { lgpdPenalties } from "../penalties";
import { observation, violation } from "../rule-helpers";

// LAW.md gives BR-LGPD8-COOKIES and BR-LGPD41-DPO; the other BR- ids follow the same scheme.
const COOKIES = { rule_id: "BR-LGPD8-COOKIES", section: "LGPD Art. 7 I, 8; ANPD Guia Orientativo Cookies (Oct 2022)", penalty: "BR" };

export const lgpdCatalog = defineFrameworkCatalog({
  id: "LGPD",
  name: "Lei Geral de Proteção de Dados (Brazil) with the ANPD cookie guidance",
  jurisdiction: "Brazil",
  currency: "BRL",
  consent_model: "opt_in",
  penalties: lgpdPenalties,
  benchmarks: ["ANPD v. Telekall (Jul 2023): BRL 14,400 + warning, first LGPD fine (no DPO named)."],
  rules: {
    TRACKING_BEFORE_CONSENT: violation("TRACKING_BEFORE_CONSENT", { ...COOKIES, title: "Non-essential cookies before consent", severity: "MEDIUM" }),
    REJECT_NOT_HONORED: violation("REJECT_NOT_HONORED", { ...COOKIES, title: "Trackers continue after refusal", severity: "MEDIUM" }),
    GPC_NOT_HONORED: observation("GPC_NOT_HONORED", {
      rule_id: "BR-OBS-GPC",
      section: "LGPD Art. 18",
      title: "Global Privacy Control signal ignored",
      reason: "The LGPD does not recognise browser opt-out signals; consent must be obtained (opt-in) regardless.",
    }),
    MISSING_OPT_OUT_LINK: observation("MISSING_OPT_OUT_LINK", {
      rule_id: "BR-OBS-DNSSLINK",
      section: "LGPD Art. 8 §5",
      title: "No 'Do Not Sell or Share' link",
      reason: "The LGPD has no 'Do Not Sell' link duty; revocation is assessed via the consent tool.",
    }),
    OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", {
      ...COOKIES,
      section: "LGPD Art. 8 §5",
      title: "Revoking consent is not free and facilitated (opt-out link broken)",
      severity: "MEDIUM",
    }),
    NO_CONSENT_MECHANISM: violation("NO_CONSENT_MECHANISM", { ...COOKIES, title: "Trackers without any consent mechanism", severity: "MEDIUM" }),
    NO_REJECT_OPTION: violation("NO_REJECT_OPTION", { ...COOKIES, title: "No 'reject all' option", severity: "MEDIUM" }),
    PRE_TICKED_CONSENT: violation("PRE_TICKED_CONSENT", { ...COOKIES, title: "Pre-ticked consent boxes", severity: "MEDIUM" }),
    MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
      rule_id: "BR-LGPD9-NOTICE",
      section: "LGPD Art. 9",
      title: "No privacy notice reachable from the home page",
      severity: "MEDIUM",
      penalty: "BR",
    }),
    PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
      rule_id: "BR-LGPD41-DPO",
      section: "LGPD Art. 9; Art. 41 §1",
      title: "Privacy notice lacks required information (incl. the encarregado's identity and contact)",
      severity: "MEDIUM",
      penalty: "BR",
    }),
    PII_SHARED_WITH_THIRD_PARTY: violation("PII_SHARED_WITH_THIRD_PARTY", {
      rule_id: "BR-LGPD6-NECESSITY",
      section: "LGPD Art. 6 III",
      title: "Personal data sent to third parties beyond what is necessary",
      severity: "MEDIUM",
      penalty: "BR",
    }),
    INSECURE_DATA_COLLECTION: violation("INSECURE_DATA_COLLECTION", {
      rule_id: "BR-LGPD46-SECURITY",
      section: "LGPD Art. 46",
      title: "Personal data collected over plain HTTP",
      severity: "MEDIUM",
      penalty: "BR",
    }),
    EXCESSIVE_COOKIE_LIFETIME: observation("EXCESSIVE_COOKIE_LIFETIME", {
      rule_id: "BR-OBS-13MONTH",
      section: "LGPD Art. 15-16",
      title: "Tracking cookie lifetime over 13 months",
      reason: "The LGPD sets no fixed cookie lifetime; retention must end when the purpose is achieved.",
    }),
    SESSION_RECORDING: violation("SESSION_RECORDING", { ...COOKIES, title: "Session recording without consent", severity: "MEDIUM" }),
    BROWSER_FINGERPRINTING: violation("BROWSER_FINGERPRINTING", { ...COOKIES, title: "Browser fingerprinting without consent", severity: "MEDIUM" }),
  },
});
