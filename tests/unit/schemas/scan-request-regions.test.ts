import { describe, expect, it } from "vitest";
import { formatZodError } from "@/lib/api/errors";
import { frameworkIds } from "@/lib/schemas/framework";
import { defaultRegionByFramework, regionIds, regionProfiles, regionProxyFor, resolveRegion } from "@/lib/schemas/region";
import { MAX_FRAMEWORKS, ScanRequestSchema, scanFrameworks } from "@/lib/schemas/scan-request";
import { frameworkFields, regionField } from "@/scripts/scan-args";

const url = "https://www.shop.example/";
const errorOf = (input: unknown) => {
  const r = ScanRequestSchema.safeParse(input);
  expect(r.success).toBe(false);
  return formatZodError(r.error!);
};

describe("scan request: region and frameworks", () => {
  it("accepts a region and several frameworks, the primary first", () => {
    const r = ScanRequestSchema.parse({ url, framework: "GDPR", frameworks: ["CCPA", "LGPD"], region: "de" });
    expect(r.region).toBe("de");
    expect(scanFrameworks(r)).toEqual(["GDPR", "CCPA", "LGPD"]);
  });

  it("takes the first listed framework as the primary when framework is absent", () => {
    const r = ScanRequestSchema.parse({ url, frameworks: ["GDPR", "CCPA"] });
    expect(r.framework).toBe("GDPR");
    expect(scanFrameworks(r)).toEqual(["GDPR", "CCPA"]);
  });

  it("keeps old requests as they were: CCPA alone, no region", () => {
    const r = ScanRequestSchema.parse({ url });
    expect(r.framework).toBe("CCPA");
    expect(r.frameworks).toBeUndefined();
    expect(r.region).toBeUndefined();
    expect(scanFrameworks(r)).toEqual(["CCPA"]);
  });

  it("names the bad field: a repeated framework, an unknown one, too many, an empty list, an unknown region", () => {
    expect(errorOf({ url, frameworks: ["GDPR", "CCPA", "GDPR"] })).toBe("frameworks.2: GDPR is listed more than once");
    expect(errorOf({ url, frameworks: ["GDPR", "HIPAA"] })).toMatch(/^frameworks\.1: /);
    expect(errorOf({ url, frameworks: frameworkIds.slice(0, MAX_FRAMEWORKS + 1) })).toMatch(/^frameworks: frameworks lists at most 6/);
    expect(errorOf({ url, framework: "GDPR", frameworks: [] })).toMatch(/^frameworks: frameworks must list at least one/);
    expect(errorOf({ url, region: "mars" })).toMatch(/^region: /);
    expect(errorOf({ url, region: "DE" })).toMatch(/^region: /);
  });
});

describe("regions", () => {
  it("default from the framework to the visitor its law protects", () => {
    const expected: Record<string, [string, string, string]> = {
      GDPR: ["eu", "de-DE", "Europe/Berlin"],
      UK_GDPR: ["uk", "en-GB", "Europe/London"],
      CCPA: ["us-ca", "en-US", "America/Los_Angeles"],
      LGPD: ["br", "pt-BR", "America/Sao_Paulo"],
      PIPEDA: ["ca-qc", "fr-CA", "America/Toronto"],
      POPIA: ["za", "en-ZA", "Africa/Johannesburg"],
      US_CO: ["us-co", "en-US", "America/Denver"],
      US_TX: ["us-tx", "en-US", "America/Chicago"],
      US_CT: ["us-ct", "en-US", "America/New_York"],
    };
    for (const [framework, [id, locale, timezone]] of Object.entries(expected)) {
      const region = resolveRegion(undefined, framework as keyof typeof defaultRegionByFramework);
      expect([region.id, region.locale, region.timezone], framework).toEqual([id, locale, timezone]);
    }
    // An explicit region wins over the framework's.
    expect(resolveRegion("fr", "CCPA").locale).toBe("fr-FR");
  });

  it("every framework has a region and every region a real IANA zone and a real locale", () => {
    for (const f of frameworkIds) expect(regionIds, f).toContain(defaultRegionByFramework[f]);
    for (const id of regionIds) {
      const p = regionProfiles[id];
      expect(() => new Intl.DateTimeFormat("en", { timeZone: p.timezone }), id).not.toThrow();
      expect(Intl.getCanonicalLocales(p.locale), id).toEqual([p.locale]);
    }
  });

  it("picks the region's proxy, else its fallback's (a member state uses the EU proxy), else none", () => {
    const proxies = { eu: "http://proxy-eu:3128", "us-ca": "http://proxy-us:3128" };
    expect(regionProxyFor(regionProfiles.de, proxies)).toBe("http://proxy-eu:3128");
    expect(regionProxyFor(regionProfiles.de, { ...proxies, de: "http://proxy-de:3128" })).toBe("http://proxy-de:3128");
    expect(regionProxyFor(regionProfiles["us-ca"], proxies)).toBe("http://proxy-us:3128");
    expect(regionProxyFor(regionProfiles["us-co"], proxies)).toBeUndefined();
    expect(regionProxyFor(regionProfiles.uk, proxies)).toBeUndefined();
  });
});

describe("CLI flags", () => {
  it("--framework repeats and --frameworks lists; the first is the primary", () => {
    expect(frameworkFields(undefined, undefined)).toEqual({});
    expect(frameworkFields(["gdpr"], undefined)).toEqual({ framework: "GDPR" });
    expect(frameworkFields(["GDPR", "ccpa"], undefined)).toEqual({ framework: "GDPR", frameworks: ["GDPR", "CCPA"] });
    expect(frameworkFields(undefined, "lgpd, gdpr")).toEqual({ framework: "LGPD", frameworks: ["LGPD", "GDPR"] });
    expect(regionField(" DE ")).toEqual({ region: "de" });
    expect(regionField(undefined)).toEqual({});
    // The schema judges what the flags produce (a repeated framework is named).
    expect(errorOf({ url, ...frameworkFields(["GDPR"], "GDPR") })).toBe("frameworks.1: GDPR is listed more than once");
  });
});
