import type { SessionName } from "@/agents/evidence/schema";
import type { ViolationEvidence } from "@/lib/schemas/report";
import { isSaleShareCategory, isTrackingCategory } from "./trackers/category-map";
import type { ClassifiedCookie, ClassifiedRequest, DetectorContext } from "./types";

/** Sessions in which no valid consent exists: nothing was accepted. */
export const NO_CONSENT_SESSIONS: readonly SessionName[] = ["pre_consent", "reject_all", "gpc"];

// Evidence lists are capped so one noisy site cannot produce a multi-megabyte report.
export const MAX_EVIDENCE_ITEMS = 25;

export function trackingRequests(ctx: DetectorContext, session?: SessionName): ClassifiedRequest[] {
  return ctx.requests.filter((r) => isTrackingCategory(r.cls.category) && (session === undefined || r.session === session) && !r.request.blocked_reason);
}

export function saleShareRequests(ctx: DetectorContext, session?: SessionName): ClassifiedRequest[] {
  return trackingRequests(ctx, session).filter((r) => isSaleShareCategory(r.cls.category));
}

export function trackingCookies(ctx: DetectorContext, session?: SessionName): ClassifiedCookie[] {
  return ctx.cookies.filter((c) => isTrackingCategory(c.cls.category) && (session === undefined || c.session === session) && !c.cookie.blocked);
}

/** Happened before the consent click (or in a session without one). */
export function beforeConsent(t: number | null): boolean {
  return t === null || t < 0;
}

export function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function entitiesOf(items: { cls: { entity: string | null; domain: string } }[]): string[] {
  return uniq(items.map((i) => i.cls.entity ?? i.cls.domain)).sort();
}

export function buildEvidence(
  ctx: DetectorContext,
  parts: { requests?: ClassifiedRequest[]; cookies?: ClassifiedCookie[]; screenshots?: (string | null | undefined)[]; signals?: ViolationEvidence["signals"]; notes?: string[] },
): ViolationEvidence {
  const cookieKey = (c: ClassifiedCookie) => `${c.session}|${c.cookie.name}|${c.cookie.domain}`;
  const seen = new Set<string>();
  const cookies = (parts.cookies ?? []).filter((c) => (seen.has(cookieKey(c)) ? false : (seen.add(cookieKey(c)), true)));
  const notes = [...(parts.notes ?? [])];
  const requests = parts.requests ?? [];
  if (requests.length > MAX_EVIDENCE_ITEMS) notes.push(`${requests.length - MAX_EVIDENCE_ITEMS} more requests not listed.`);
  return {
    requests: requests.slice(0, MAX_EVIDENCE_ITEMS).map((r) => ctx.requestRef(r)),
    cookies: cookies.slice(0, MAX_EVIDENCE_ITEMS).map((c) => ctx.cookieRef(c)),
    screenshots: uniq((parts.screenshots ?? []).filter((s): s is string => typeof s === "string" && s.length > 0)),
    signals: parts.signals ?? {},
    notes,
  };
}

export function pagesOf(items: { request?: { page_url: string }; cookie?: { page_url: string | null } }[]): string[] {
  return uniq(items.map((i) => i.request?.page_url ?? i.cookie?.page_url ?? null).filter((p): p is string => !!p));
}

export function listNames(names: string[], max = 6): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
