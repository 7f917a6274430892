import { z } from "zod";
import type { Framework } from "./framework";

/**
 * Where the scan's visitors appear to be: the locale, Accept-Language and timezone their browser
 * contexts present, and the key of the operator's egress proxy for that region
 * (APO_REGION_PROXIES). Ids are an API: clients send them.
 */
export const regionIds = [
  "eu",
  "de",
  "fr",
  "es",
  "it",
  "nl",
  "ie",
  "pt",
  "uk",
  "br",
  "ca-qc",
  "ca-on",
  "za",
  "us-ca",
  "us-co",
  "us-ct",
  "us-tx",
  "us-or",
  "us-nj",
  "us-mt",
  "us-de",
  "us-md",
  "us-mn",
] as const;

export const RegionSchema = z.enum(regionIds);
export type RegionId = z.infer<typeof RegionSchema>;

export const RegionProfileSchema = z.object({
  id: RegionSchema,
  label: z.string(),
  /** BCP 47 tag for navigator.language and Intl (Playwright's `locale`). */
  locale: z.string(),
  /** IANA zone for Date and Intl (Playwright's `timezoneId`). */
  timezone: z.string(),
  /** A region whose proxy serves this one when it has none of its own (a member state → "eu"). */
  proxy_fallback: RegionSchema.nullable(),
});
export type RegionProfile = z.infer<typeof RegionProfileSchema>;

/** The region a scan's visitors presented, as recorded in the evidence and the report. */
export const ScanRegionSchema = RegionProfileSchema.extend({
  accept_language: z.string().describe("The Accept-Language header the visitors sent (derived from the locale by the visitor identity)."),
  via_region_proxy: z.boolean().describe("True when the traffic left through the operator's egress proxy for this region (APO_REGION_PROXIES)."),
});
export type ScanRegion = z.infer<typeof ScanRegionSchema>;

type Row = [label: string, locale: string, timezone: string, fallback?: RegionId];

const ROWS: Record<RegionId, Row> = {
  // The EU visitor is German: the largest member state, whose authorities (DSK, the courts on
  // § 25 TTDSG) enforce cookie consent most often, and a language no US or UK geo rule matches.
  // en-IE would pass for an English speaker some sites treat as UK or US.
  eu: ["European Union (Germany)", "de-DE", "Europe/Berlin"],
  de: ["Germany", "de-DE", "Europe/Berlin", "eu"],
  fr: ["France", "fr-FR", "Europe/Paris", "eu"],
  es: ["Spain", "es-ES", "Europe/Madrid", "eu"],
  it: ["Italy", "it-IT", "Europe/Rome", "eu"],
  nl: ["Netherlands", "nl-NL", "Europe/Amsterdam", "eu"],
  ie: ["Ireland", "en-IE", "Europe/Dublin", "eu"],
  pt: ["Portugal", "pt-PT", "Europe/Lisbon", "eu"],
  uk: ["United Kingdom", "en-GB", "Europe/London"],
  br: ["Brazil", "pt-BR", "America/Sao_Paulo"],
  // Montréal's IANA zone is America/Toronto (America/Montreal is a deprecated link to it).
  "ca-qc": ["Canada — Québec", "fr-CA", "America/Toronto"],
  "ca-on": ["Canada — Ontario", "en-CA", "America/Toronto"],
  za: ["South Africa", "en-ZA", "Africa/Johannesburg"],
  "us-ca": ["United States — California", "en-US", "America/Los_Angeles"],
  "us-co": ["United States — Colorado", "en-US", "America/Denver"],
  "us-ct": ["United States — Connecticut", "en-US", "America/New_York"],
  "us-tx": ["United States — Texas", "en-US", "America/Chicago"],
  "us-or": ["United States — Oregon", "en-US", "America/Los_Angeles"],
  "us-nj": ["United States — New Jersey", "en-US", "America/New_York"],
  "us-mt": ["United States — Montana", "en-US", "America/Denver"],
  "us-de": ["United States — Delaware", "en-US", "America/New_York"],
  "us-md": ["United States — Maryland", "en-US", "America/New_York"],
  "us-mn": ["United States — Minnesota", "en-US", "America/Chicago"],
};

export const regionProfiles: Readonly<Record<RegionId, RegionProfile>> = Object.fromEntries(
  regionIds.map((id) => {
    const [label, locale, timezone, fallback] = ROWS[id];
    return [id, { id, label, locale, timezone, proxy_fallback: fallback ?? null }];
  }),
) as Record<RegionId, RegionProfile>;

/**
 * The visitor each framework protects. PIPEDA's default is a Québec visitor in French: the
 * framework includes Law 25, whose consent duties (tracking technologies off by default, s. 8.1)
 * are Canada's strictest, and Québec sites must address that visitor in French (Charter of the
 * French Language), so that is the banner to test.
 */
export const defaultRegionByFramework: Readonly<Record<Framework, RegionId>> = {
  GDPR: "eu",
  UK_GDPR: "uk",
  CCPA: "us-ca",
  LGPD: "br",
  PIPEDA: "ca-qc",
  POPIA: "za",
  US_CO: "us-co",
  US_CT: "us-ct",
  US_TX: "us-tx",
  US_OR: "us-or",
  US_NJ: "us-nj",
  US_MT: "us-mt",
  US_DE: "us-de",
  US_MD: "us-md",
  US_MN: "us-mn",
};

/** The scan's region: the one asked for, else the primary framework's. */
export function resolveRegion(region: RegionId | undefined, framework: Framework): RegionProfile {
  return regionProfiles[region ?? defaultRegionByFramework[framework]];
}

/**
 * The egress proxy for a region, from the operator's map (APO_REGION_PROXIES): the region's own,
 * else its fallback's (a member state uses the "eu" proxy), else none (direct egress).
 */
export function regionProxyFor(profile: RegionProfile, proxies: Readonly<Partial<Record<string, string>>>): string | undefined {
  return proxies[profile.id] ?? (profile.proxy_fallback ? proxies[profile.proxy_fallback] : undefined);
}
