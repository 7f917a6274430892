import type { VisitorOptions } from "@/agents/browser";
import { acceptLanguageHeader, localeLanguages } from "@/agents/browser/identity";
import { regionProxyFor, resolveRegion, type ScanRegion } from "@/lib/schemas/region";
import type { ScanState } from "./scan-state";

/**
 * The scan's region (the request's, else the primary framework's) and the operator's egress
 * proxy for it, if any. Every context of the scan's browser (the crawl and the visitors) presents
 * the region's locale, Accept-Language and timezone.
 */
export function scanRegion(scan: Pick<ScanState, "job" | "settings">): { region: ScanRegion; proxy: string | undefined; visitor: VisitorOptions } {
  const profile = resolveRegion(scan.job.request.region, scan.job.request.framework);
  const proxy = regionProxyFor(profile, scan.settings.regionProxies);
  return {
    // The header the visitor identity sends for this locale (agents/browser/identity.ts).
    region: { ...profile, accept_language: acceptLanguageHeader(localeLanguages(profile.locale)), via_region_proxy: proxy !== undefined },
    proxy,
    // The visitor identity turns the locale into navigator.language(s), Intl's locale and Accept-Language.
    visitor: { locale: profile.locale, timezoneId: profile.timezone },
  };
}
