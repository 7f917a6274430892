import type { Evidence, SessionName } from "@/agents/evidence/schema";
import { sessionNames } from "@/agents/evidence/schema";
import type { EvidenceReport, SessionSummary } from "@/lib/schemas/report";
import { isTrackingCategory } from "../trackers/category-map";
import type { DetectorContext } from "../types";

/** Per-session counts, as the seed's clients read them. */
export function summariseSessions(evidence: Evidence, ctx: DetectorContext): SessionSummary[] {
  return sessionNames.map((name) => {
    const s = evidence.sessions[name];
    const reqs = ctx.requests.filter((r) => r.session === name);
    const cookies = ctx.cookies.filter((c) => c.session === name && !c.cookie.blocked);
    const third = reqs.filter((r) => r.cls.party === "third");
    const trackers = reqs.filter((r) => isTrackingCategory(r.cls.category));
    return {
      session: name,
      recorded: s !== null,
      pages: s?.pages.length ?? 0,
      requests: reqs.length,
      third_party_requests: third.length,
      tracker_requests: trackers.length,
      cookies: cookies.length,
      tracker_cookies: cookies.filter((c) => isTrackingCategory(c.cls.category)).length,
      third_party_domains: [...new Set(third.map((r) => r.cls.domain))].sort(),
      tracker_domains: [...new Set(trackers.map((r) => r.cls.domain))].sort(),
      banner_detected: s?.banner.detected ?? false,
      banner_action: s?.banner.action ?? "none",
      banner_action_result: s?.banner.action_result ?? "not_attempted",
    };
  });
}

const zeroCounts = (): Record<SessionName, number> => ({ pre_consent: 0, accept_all: 0, reject_all: 0, gpc: 0 });

/** Third-party services by entity and category, with request counts per session. */
export function trackerTable(ctx: DetectorContext): EvidenceReport["trackers"] {
  const byKey = new Map<string, EvidenceReport["trackers"][number]>();
  for (const r of ctx.requests) {
    if (r.cls.party !== "third") continue;
    const entity = r.cls.entity ?? r.cls.domain;
    const key = `${entity}|${r.cls.category}`;
    const row = byKey.get(key) ?? { entity, category: r.cls.category, domains: [], sessions: zeroCounts(), country: r.cls.country };
    if (!row.domains.includes(r.cls.domain)) row.domains.push(r.cls.domain);
    row.sessions[r.session] += 1;
    byKey.set(key, row);
  }
  const order = ["session_replay", "advertising", "social", "analytics", "other", "consent", "essential"];
  return [...byKey.values()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.entity.localeCompare(b.entity));
}

export function cookieTable(ctx: DetectorContext): EvidenceReport["cookies"] {
  const byKey = new Map<string, EvidenceReport["cookies"][number]>();
  for (const c of ctx.cookies) {
    const key = `${c.cookie.name}|${c.cookie.domain}`;
    const row = byKey.get(key) ?? {
      name: c.cookie.name,
      domain: c.cookie.domain,
      party: c.cls.party,
      category: c.cls.category,
      entity: c.cls.entity,
      lifetime_days: c.cookie.lifetime_days,
      set_by: c.cookie.set_by.url,
      sessions: [],
    };
    if (!row.sessions.includes(c.session)) row.sessions.push(c.session);
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => a.domain.localeCompare(b.domain) || a.name.localeCompare(b.name));
}

export function pageTable(evidence: Evidence): EvidenceReport["pages"] {
  return evidence.discovery.nodes.map((n) => ({
    url: n.final_url || n.url,
    title: n.title,
    purpose: n.purpose,
    risk_score: n.risk_score,
    depth: n.depth,
    status: n.status,
    forms: n.forms.map((f) => ({ action: f.action, method: f.method, pii_fields: f.fields.filter((x) => x.pii_kind !== null).map((x) => x.name), insecure: f.insecure })),
  }));
}
