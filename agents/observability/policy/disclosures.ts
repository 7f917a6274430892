import type { Framework } from "@/lib/schemas/framework";
import type { DisclosureConcept } from "./phrases";

/**
 * One disclosure a privacy policy must contain, with the English patterns that evidence it and
 * the concepts whose wording in other languages (phrases/) evidences it too.
 */
export interface Disclosure {
  id: string;
  label: string;
  citation: string;
  patterns: RegExp[];
  concepts: DisclosureConcept[];
}

// Shared phrasings. Policies say the same thing many ways ("you have the right to: know and access …",
// "How long we keep your information", "you can withdraw it at any time"): match the idea, not one wording.
const RIGHTS_ENUMERATED = /\bright(s)? to:?[^.]{0,200}\b(access|delet|eras|correct|rectif|portab|restrict|object)/i;
const RIGHTS_REQUEST = /request (the )?(deletion|correction|erasure|a copy|access)/i;
const RETENTION = /retain|retention|storage period|kept for|how long we (keep|store|hold)|we (keep|store|hold) [^.]{0,80}\b(for|until) /i;
const WITHDRAW = /withdraw(ing|al of)? (your |their )?consent|withdraw it|revoke (your )?consent/i;
const USE_FOR = /we use (your )?(personal )?(data|information) (to|for)/i;

const d = (id: string, label: string, citation: string, patterns: RegExp[], concepts: DisclosureConcept[] = []): Disclosure => ({ id, label, citation, patterns, concepts });

const CCPA: Disclosure[] = [
  d("pi_categories", "Categories of personal information collected (past 12 months)", "11 CCR §7011(e)(1)(A)", [/categories of personal (information|data)/i, /personal information (we|that we) (collect|have collected)/i], ["pi_categories"]),
  d("sources", "Categories of sources", "11 CCR §7011(e)(1)(B)", [/categories of sources/i, /sources (of|from which)/i, /we (collect|obtain) (personal )?information (directly )?from/i], ["sources"]),
  d("purposes", "Business or commercial purposes", "11 CCR §7011(e)(1)(C)", [/(business|commercial) purposes?/i, USE_FOR], ["purposes"]),
  d("sold_shared", "Categories sold or shared and to whom", "11 CCR §7011(e)(1)(D)-(E)", [/(sell|sold|share|shared)[^.]{0,80}(third part|categor)/i, /categories of third parties/i], ["sold_shared"]),
  d("rights", "Consumer rights (know, delete, correct, opt out, limit)", "11 CCR §7011(e)(2)", [/right(s)? to:?\s*(know|delete|correct|opt[- ]out|access)/i, RIGHTS_ENUMERATED], ["rights"]),
  d("request_methods", "Two or more methods to submit requests", "11 CCR §7011(e)(3); Civ. Code §1798.130(a)(1)", [/toll[- ]free/i, /(submit|make) (a )?(request|verifiable)/i, /webform|web form|online form/i], ["request_methods"]),
  d("do_not_sell", "Sale/sharing opt-out and opt-out preference signals", "11 CCR §7011(e)(3)(F); §7025", [/do not sell( or share)?/i, /opt[- ]out preference signal/i, /global privacy control/i], ["do_not_sell"]),
  d("minors", "Whether it sells/shares data of consumers under 16", "11 CCR §7011(e)(1)(G)", [/(under|younger than) (the age of )?1[36]/i, /minors?/i, /children/i], ["minors"]),
  d("retention", "Retention period for each category", "Civ. Code §1798.100(a)(3)", [RETENTION], ["retention"]),
  d("updated", "Date last updated", "11 CCR §7011(e)(4)", [/(last )?(updated|revised|effective)( on| date)?:?\s/i], ["updated"]),
];

const GDPR: Disclosure[] = [
  d("controller", "Controller identity and contact details", "GDPR Art. 13(1)(a)", [/\b(data )?controller\b/i, /responsible for (the processing|your (personal )?data)/i], ["controller"]),
  d("dpo", "Data protection officer contact", "GDPR Art. 13(1)(b)", [/data protection officer|\bDPO\b/i], ["dpo"]),
  d("purposes_basis", "Purposes and legal basis", "GDPR Art. 13(1)(c)", [/legal basis|lawful basis|art(icle|\.)\s*6/i], ["legal_basis"]),
  d("legitimate_interests", "Legitimate interests pursued", "GDPR Art. 13(1)(d)", [/legitimate interests?/i], ["legitimate_interests"]),
  d("recipients", "Recipients or categories of recipients", "GDPR Art. 13(1)(e)", [/recipients?/i, /(share|disclose)[^.]{0,60}(third parties|service providers|processors)/i], ["recipients"]),
  d("transfers", "Transfers to third countries and safeguards", "GDPR Art. 13(1)(f)", [/third countr/i, /standard contractual clauses|adequacy decision|data privacy framework/i, /outside (the )?(EU|EEA|European)/i], ["transfers"]),
  d("retention", "Retention period or criteria", "GDPR Art. 13(2)(a)", [RETENTION], ["retention"]),
  d("rights", "Rights of access, rectification, erasure, restriction, objection, portability", "GDPR Art. 13(2)(b)", [/right (of|to) (access|rectification|erasure|restriction|object|data portability)/i, RIGHTS_ENUMERATED], ["rights"]),
  d("withdraw", "Right to withdraw consent", "GDPR Art. 13(2)(c)", [WITHDRAW], ["withdraw"]),
  d("complaint", "Right to lodge a complaint with a supervisory authority", "GDPR Art. 13(2)(d)", [/supervisory authority|lodge a complaint|data protection authority/i], ["complaint"]),
  d("automated", "Automated decision-making and profiling", "GDPR Art. 13(2)(f)", [/automated (individual )?(decision|processing)|profiling/i], ["automated"]),
];

const UK_GDPR: Disclosure[] = GDPR.map((x) =>
  x.id === "complaint" ? { ...x, patterns: [...x.patterns, /information commissioner|\bICO\b/i] } : x,
).map((x) => ({ ...x, citation: x.citation.replace("GDPR", "UK GDPR") }));

const LGPD: Disclosure[] = [
  d("purpose", "Specific purpose of processing", "LGPD Art. 9 I", [/purpose|finalidade/i, USE_FOR], ["purposes"]),
  d("form_duration", "Form and duration of processing", "LGPD Art. 9 II", [RETENTION, /how long|prazo|período de (armazenamento|retenção)|duração/i], ["retention"]),
  d("controller", "Controller identity and contact", "LGPD Art. 9 III-IV", [/controller|controlador/i], ["controller"]),
  d("sharing", "Shared use of data and its purpose", "LGPD Art. 9 V", [/share|third part|compartilha|terceiros/i], ["recipients", "sold_shared"]),
  d("rights", "Data subject rights (Art. 18)", "LGPD Art. 9 VII; Art. 18", [/your (privacy )?rights|direitos do titular|seus direitos|right (of|to) (access|correction|deletion)/i, RIGHTS_ENUMERATED], ["rights"]),
  d("dpo", "Identity and contact of the encarregado (DPO)", "LGPD Art. 41 §1", [/encarregad[oa]|data protection officer|\bDPO\b/i], ["dpo"]),
  d("legal_basis", "Legal basis", "LGPD Art. 7", [/legal basis|base legal|bases legais/i], ["legal_basis"]),
];

const PIPEDA: Disclosure[] = [
  d("person_in_charge", "Title and contact of the person in charge of personal information", "PIPEDA Sch. 1 cl. 4.1; Quebec Private Sector Act s.3.1", [/privacy officer|person in charge|responsable de la protection|chief privacy/i], ["person_in_charge", "dpo"]),
  d("purposes", "Purposes of collection", "PIPEDA Sch. 1 cl. 4.2", [/purposes?/i, USE_FOR], ["purposes"]),
  d("third_parties", "Disclosure to third parties / service providers", "PIPEDA Sch. 1 cl. 4.5", [/third part|service providers?/i], ["recipients"]),
  d("access", "Access and correction rights", "PIPEDA Sch. 1 cl. 4.9", [/access (to )?your (personal )?information|right (of|to) access|correct(ion)?/i], ["rights"]),
  d("withdraw", "Withdrawal of consent", "PIPEDA Sch. 1 cl. 4.3.8", [WITHDRAW], ["withdraw"]),
  d("retention", "Retention", "PIPEDA Sch. 1 cl. 4.5", [RETENTION], ["retention"]),
  d("profiling_tech", "Technology that identifies, locates or profiles (Quebec)", "Quebec Private Sector Act s.8.1", [/cookies?|profil|tracking technolog/i], ["profiling_tech"]),
  d("outside_quebec", "Communication outside Quebec/Canada", "Quebec Private Sector Act s.8, 17", [/outside (of )?(quebec|québec|canada)|transferred (to|outside)/i], ["outside_quebec"]),
];

const POPIA: Disclosure[] = [
  d("purpose", "Purpose of collection", "POPIA s.18(1)(c)", [/purpose/i, USE_FOR], ["purposes"]),
  d("responsible_party", "Name and address of the responsible party", "POPIA s.18(1)(b)", [/responsible party|information officer|contact us at|address/i], ["controller"]),
  d("voluntary", "Whether supply is voluntary or mandatory, and consequences", "POPIA s.18(1)(d)-(e)", [/voluntary|mandatory|obliged to provide/i]),
  d("recipients", "Recipients", "POPIA s.18(1)(h)(i)", [/recipients?|third part/i], ["recipients"]),
  d("cross_border", "Cross-border transfers", "POPIA s.18(1)(g)", [/outside (of )?south africa|cross[- ]border|transfer(red)? (to|outside)/i], ["transfers"]),
  d("rights", "Right of access, rectification and objection", "POPIA s.18(1)(h)(iv)", [/right (of|to) (access|object|correct|rectif)/i, RIGHTS_ENUMERATED], ["rights"]),
  d("complaint", "Right to complain to the Information Regulator", "POPIA s.18(1)(h)(v)", [/information regulator/i]),
  d("paia_manual", "PAIA manual", "PAIA s.51(3)", [/\bPAIA\b|promotion of access to information/i]),
];

const US_STATE: Disclosure[] = [
  d("categories", "Categories of personal data processed", "e.g. C.R.S. 6-1-1308(1)(a); Tex. Bus. & Com. §541.102(a)", [/categories of personal (data|information)/i], ["pi_categories"]),
  d("purposes", "Purposes of processing", "state privacy notice provisions", [/purposes? (of|for) (processing|which)/i, /we use (your )?(personal )?(data|information) (to|for)/i], ["purposes"]),
  d("shared_categories", "Categories shared with third parties and categories of third parties", "state privacy notice provisions", [/categories of third parties/i, /(share|sell|disclose)[^.]{0,80}third part/i], ["sold_shared"]),
  d("rights", "Consumer rights (access, correct, delete, portability, opt out)", "state privacy notice provisions", [/right to (access|correct|delete|opt[- ]out|data portability|confirm)/i, RIGHTS_ENUMERATED, RIGHTS_REQUEST], ["rights"]),
  d("exercise", "How to exercise rights", "state privacy notice provisions", [/(submit|make|exercise)[^.]{0,40}(request|rights)/i], ["request_methods"]),
  d("appeal", "Appeal process for denied requests", "e.g. C.R.S. 6-1-1306(3); Conn. Gen. Stat. §42-518", [/appeal/i], ["appeal"]),
  d("opt_out_targeted", "How to opt out of sale and targeted advertising", "state privacy notice provisions", [/targeted advertising/i, /opt[- ]out of (the )?(sale|targeted)/i], ["targeted_ads", "do_not_sell"]),
];

/** Required disclosures per framework, from LAW.md §2. */
export const disclosuresByFramework: Record<Framework, Disclosure[]> = {
  CCPA,
  GDPR,
  UK_GDPR,
  LGPD,
  PIPEDA,
  POPIA,
  US_CO: US_STATE,
  US_CT: US_STATE,
  US_TX: US_STATE,
  US_OR: US_STATE,
  US_NJ: US_STATE,
  US_MT: US_STATE,
  US_DE: US_STATE,
  US_MD: US_STATE,
  US_MN: US_STATE,
};
