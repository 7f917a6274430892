import { z } from "zod";

/** The legal frameworks a scan can be judged against. Ids are an API: clients send them. */
export const frameworkIds = [
  "CCPA",
  "GDPR",
  "UK_GDPR",
  "LGPD",
  "PIPEDA",
  "POPIA",
  "US_CO",
  "US_CT",
  "US_TX",
  "US_OR",
  "US_NJ",
  "US_MT",
  "US_DE",
  "US_MD",
  "US_MN",
] as const;

export const FrameworkSchema = z.enum(frameworkIds);
export type Framework = z.infer<typeof FrameworkSchema>;

/** One line each, for forms and docs. */
export const frameworkDescriptions: Record<Framework, string> = {
  CCPA: "California Consumer Privacy Act as amended by CPRA, with the CPPA regulations (opt-out regime, GPC required).",
  GDPR: "EU General Data Protection Regulation with the ePrivacy Directive (opt-in consent for cookies and trackers).",
  UK_GDPR: "UK GDPR and the Data Protection Act 2018 with PECR (cookie consent, as amended by the DUAA 2025).",
  LGPD: "Brazil's Lei Geral de Proteção de Dados with the ANPD cookie guidance.",
  PIPEDA: "Canada's PIPEDA with Quebec's Law 25 (Private Sector Act) for Quebec visitors.",
  POPIA: "South Africa's Protection of Personal Information Act (and PAIA manual duties).",
  US_CO: "Colorado Privacy Act: universal opt-out (GPC) required since 1 July 2024.",
  US_CT: "Connecticut Data Privacy Act: universal opt-out required since 1 January 2025.",
  US_TX: "Texas Data Privacy and Security Act: universal opt-out required since 1 January 2025.",
  US_OR: "Oregon Consumer Privacy Act: universal opt-out required since 1 January 2026.",
  US_NJ: "New Jersey Data Privacy Act: universal opt-out required since 15 July 2025.",
  US_MT: "Montana Consumer Data Privacy Act: universal opt-out required since 1 January 2025.",
  US_DE: "Delaware Personal Data Privacy Act: universal opt-out required since 1 January 2026.",
  US_MD: "Maryland Online Data Privacy Act: universal opt-out required since 1 October 2025.",
  US_MN: "Minnesota Consumer Data Privacy Act: universal opt-out required since 31 July 2025.",
};
