import { frameworkDescriptions, frameworkIds, type Framework } from "@/lib/schemas/framework";

export const frameworkNames: Record<Framework, string> = {
  CCPA: "CCPA / CPRA — California",
  GDPR: "GDPR + ePrivacy — EU",
  UK_GDPR: "UK GDPR + PECR",
  LGPD: "LGPD — Brazil",
  PIPEDA: "PIPEDA + Law 25 — Canada",
  POPIA: "POPIA — South Africa",
  US_CO: "Colorado Privacy Act",
  US_CT: "Connecticut Data Privacy Act",
  US_TX: "Texas Data Privacy and Security Act",
  US_OR: "Oregon Consumer Privacy Act",
  US_NJ: "New Jersey Data Privacy Act",
  US_MT: "Montana Consumer Data Privacy Act",
  US_DE: "Delaware Personal Data Privacy Act",
  US_MD: "Maryland Online Data Privacy Act",
  US_MN: "Minnesota Consumer Data Privacy Act",
};

/** Grouped the way analysts think about them: consent-first regimes versus US opt-out laws. */
export const frameworkGroups: ReadonlyArray<{ label: string; ids: readonly Framework[] }> = [
  { label: "Opt-in (consent before tracking)", ids: ["GDPR", "UK_GDPR", "LGPD", "PIPEDA", "POPIA"] },
  { label: "US opt-out (Global Privacy Control must be honoured)", ids: frameworkIds.filter((f) => f === "CCPA" || f.startsWith("US_")) },
];

export function frameworkName(id: string): string {
  return (frameworkNames as Record<string, string>)[id] ?? id;
}

export function frameworkDescription(id: string): string {
  return (frameworkDescriptions as Record<string, string>)[id] ?? "";
}

/** Regimes whose fines scale with turnover ask for turnover; per-violation regimes ask for affected consumers. */
export function exposureInputFor(id: string): "turnover" | "consumers" {
  return ["GDPR", "UK_GDPR", "LGPD", "PIPEDA", "POPIA"].includes(id) ? "turnover" : "consumers";
}

export const currencies = ["EUR", "USD", "GBP", "BRL", "CAD", "ZAR"] as const;
export function defaultCurrency(id: string): (typeof currencies)[number] {
  return ({ GDPR: "EUR", UK_GDPR: "GBP", LGPD: "BRL", PIPEDA: "CAD", POPIA: "ZAR" } as Record<string, (typeof currencies)[number]>)[id] ?? "USD";
}
