import type { TrackerCategory } from "@/lib/schemas/report";

/**
 * TrackerDB category → APO category. Hosting and utilities (CDNs, fonts, payment, tag-manager
 * loaders per TrackerDB) count as essential; players, chat widgets, extensions and misc are
 * "other": reported, never a violation on their own. Session replay has no TrackerDB category
 * (vendors sit under site_analytics), so the override file assigns it by host.
 */
export const TRACKERDB_CATEGORY_MAP: Record<string, TrackerCategory> = {
  advertising: "advertising",
  pornvertising: "advertising",
  site_analytics: "analytics",
  social_media: "social",
  consent: "consent",
  hosting: "essential",
  utilities: "essential",
  audio_video_player: "other",
  customer_interaction: "other",
  extensions: "other",
  misc: "other",
};

/** Categories that need consent (opt-in regimes) and make a request a "tracker". */
export const TRACKING_CATEGORIES: readonly TrackerCategory[] = ["advertising", "analytics", "social", "session_replay"];

/** Categories that amount to "sale" or "sharing" for cross-context behavioural advertising (CCPA, US states). */
export const SALE_SHARE_CATEGORIES: readonly TrackerCategory[] = ["advertising", "social"];

export function isTrackingCategory(category: TrackerCategory | null | undefined): boolean {
  return category !== null && category !== undefined && TRACKING_CATEGORIES.includes(category);
}

export function isSaleShareCategory(category: TrackerCategory | null | undefined): boolean {
  return category !== null && category !== undefined && SALE_SHARE_CATEGORIES.includes(category);
}

// When TrackerDB returns several patterns for one URL, the most privacy-relevant wins.
const PRIORITY: TrackerCategory[] = ["session_replay", "advertising", "social", "analytics", "other", "consent", "essential"];

export function pickCategory<T extends { category: TrackerCategory }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => PRIORITY.indexOf(a.category) - PRIORITY.indexOf(b.category))[0];
}
