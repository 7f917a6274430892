import type { TrackerCategory } from "@/lib/schemas/report";
import { TRACKERDB_CATEGORY_MAP, pickCategory } from "./category-map";
import { cookieNameInfo, hostOverride } from "./overrides";
import { hostOf, registrableDomain } from "./party";
import { matchTrackerDb, matchTrackerDbDomain, type TrackerDbMatch } from "./trackerdb";

export interface Classification {
  host: string;
  domain: string;
  party: "first" | "third";
  entity: string | null;
  category: TrackerCategory;
  country: string | null;
  source: "override" | "trackerdb" | "cookie-name" | "first-party" | "unknown";
}

function fromTrackerDb(matches: TrackerDbMatch[]): { entity: string | null; category: TrackerCategory; country: string | null } | undefined {
  const mapped = matches.map((m) => ({
    entity: m.organization ?? m.name,
    category: TRACKERDB_CATEGORY_MAP[m.category] ?? "other",
    country: m.country,
  }));
  return pickCategory(mapped);
}

/** Classifies one request URL against the site's registrable domain. Pure apart from the cached TrackerDB. */
export function classifyRequest(url: string, siteDomain: string, resourceType = "other", pageUrl: string | null = null): Classification {
  const host = hostOf(url);
  const domain = registrableDomain(host);
  const party = domain === siteDomain ? "first" : "third";
  const override = hostOverride(host);
  if (override) return { host, domain, party, entity: override.entity, category: override.category, country: null, source: "override" };
  const tdb = fromTrackerDb(matchTrackerDb(url, pageUrl, resourceType));
  // TrackerDB filters are mostly third-party only; a first-party hit is a proxied tracker.
  if (tdb) return { host, domain, party, ...tdb, source: "trackerdb" };
  if (party === "first") return { host, domain, party, entity: null, category: "essential", country: null, source: "first-party" };
  return { host, domain, party, entity: domain, category: "other", country: null, source: "unknown" };
}

/** Classifies a cookie by well-known name first, then by the domain that holds it. */
export function classifyCookie(name: string, cookieDomain: string, siteDomain: string): Classification {
  const host = hostOf(cookieDomain);
  const domain = registrableDomain(host);
  const party = domain === siteDomain ? "first" : "third";
  const byName = cookieNameInfo(name);
  if (byName) return { host, domain, party, entity: byName.entity, category: byName.category, country: null, source: "cookie-name" };
  const override = hostOverride(host);
  if (override) return { host, domain, party, entity: override.entity, category: override.category, country: null, source: "override" };
  if (party === "third") {
    const tdb = fromTrackerDb(matchTrackerDbDomain(host));
    if (tdb) return { host, domain, party, ...tdb, source: "trackerdb" };
    return { host, domain, party, entity: domain, category: "other", country: null, source: "unknown" };
  }
  // Unknown first-party cookies are treated as functional: we never guess a first-party cookie into a violation.
  return { host, domain, party, entity: null, category: "essential", country: null, source: "first-party" };
}
