import { z } from "zod";

/**
 * How the scan's visitors presented themselves to the site: the Chrome a person uses, derived
 * from the real browser's version and platform and the scan's locale (agents/browser/identity.ts).
 * Recorded in the evidence (`scanner.identity`) and the report (`report_metadata.visitor_identity`)
 * so a reader knows what the site was shown. Isomorphic: imported by both schemas.
 */
export const BrandVersionSchema = z.object({ brand: z.string(), version: z.string() });

export const VisitorIdentitySchema = z.object({
  user_agent: z.string().describe("The User-Agent header and navigator.userAgent."),
  brands: z.array(BrandVersionSchema).describe("Sec-CH-UA and navigator.userAgentData.brands (major versions)."),
  full_version_list: z.array(BrandVersionSchema).describe("Sec-CH-UA-Full-Version-List / getHighEntropyValues(['fullVersionList'])."),
  platform: z.string().describe('Sec-CH-UA-Platform, e.g. "Linux", "Windows", "macOS".'),
  platform_version: z.string(),
  architecture: z.string(),
  bitness: z.string(),
  mobile: z.boolean(),
  locale: z.string().describe("The visitor's locale (Intl, navigator.language)."),
  languages: z.array(z.string()).describe("navigator.languages, most preferred first."),
  accept_language: z.string().describe("The Accept-Language header the visitor sent."),
  timezone: z.string().nullable().describe("IANA time zone the visitor's clock shows; null: the browser's own."),
  viewport: z.object({ width: z.number().int(), height: z.number().int() }),
  screen: z.object({ width: z.number().int(), height: z.number().int(), color_depth: z.number().int() }),
  webdriver: z.boolean().describe("navigator.webdriver as the page saw it (false: not flagged as automated)."),
});
export type VisitorIdentity = z.infer<typeof VisitorIdentitySchema>;

/** One line for reports: what the site was shown, next to the scanner's version. */
export function describeVisitorIdentity(identity: VisitorIdentity): string {
  const brands = identity.brands.map((b) => `${b.brand} ${b.version}`).join(", ");
  return (
    `Visitors presented as ${identity.user_agent} · client hints: ${brands}; ${identity.platform}${identity.mobile ? ", mobile" : ""} · ` +
    `locale ${identity.locale} (Accept-Language: ${identity.accept_language}) · time zone ${identity.timezone ?? "the browser's own"} · ` +
    `window ${identity.viewport.width}×${identity.viewport.height} on a ${identity.screen.width}×${identity.screen.height} screen · ` +
    `navigator.webdriver ${identity.webdriver}`
  );
}
