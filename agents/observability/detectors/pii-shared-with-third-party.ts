import type { Canary, RecordedRequest, SessionName } from "@/agents/evidence/schema";
import type { PiiLeak } from "@/lib/schemas/report";
import { buildEvidence, entitiesOf, listNames, pagesOf, uniq } from "../evidence-helpers";
import { matchMessage, prepareCanaries, type OutgoingMessage, type PiiMatch } from "../pii-matcher";
import { describeVariant } from "../pii-variants";
import { channelCode, describeChannel, type LeakChannel } from "../pii-vendor-feature";
import { classifyRequest } from "../trackers/classify";
import type { ClassifiedRequest, Detector, DetectorContext } from "../types";

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const NOT_EMAIL_TLD = /\.(png|jpe?g|gif|svg|webp|js|css|woff2?)$/i;
const MAX_LEAKS = 50;
const MAX_NOTES = 20;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function hostPath(url: string): { host: string; path: string } {
  try {
    const u = new URL(url);
    return { host: u.hostname, path: u.pathname };
  } catch {
    return { host: "", path: "" };
  }
}

/** A WebSocket the page opened, as a request-like item so it is classified and cited like one. */
function socketsAsRequests(ctx: DetectorContext): Array<ClassifiedRequest & { frames: string[] }> {
  return ctx.sessions.flatMap(({ name, evidence }) =>
    evidence.websockets.map((ws) => {
      const request: RecordedRequest = {
        id: ws.id, page_url: ws.page_url, url: ws.url, method: "GET", resource_type: "websocket", initiator_url: null, frame_url: null,
        t_since_navigation_ms: 0, t_since_consent_ms: ws.t_since_consent_ms, status: null, post_data_sample: null, body_truncated: false,
        request_headers: {}, response_set_cookies: [], blocked_reason: null, failed: null,
      };
      return { session: name, request, cls: classifyRequest(ws.url, ctx.siteDomain, "websocket", ws.page_url), frames: ws.frames_sent };
    }),
  );
}

interface Hit {
  req: ClassifiedRequest;
  canary: Canary;
  match: PiiMatch;
  channel: LeakChannel;
}

/** The canary typed on the request's own page when the same value was typed on several. */
function pickCanary(canary: Canary, byValue: Map<string, Canary[]>, pageUrl: string): Canary {
  const all = byValue.get(`${canary.kind} ${canary.value}`) ?? [canary];
  return all.find((c) => c.page_url === pageUrl) ?? all[0] ?? canary;
}

function findCanaryHits(ctx: DetectorContext, thirdParty: Array<ClassifiedRequest & { frames?: string[] }>): Hit[] {
  // A canary is unique per session, so each session's traffic is searched for its own values only.
  const bySession = new Map<SessionName, { prepared: ReturnType<typeof prepareCanaries>; byValue: Map<string, Canary[]> }>();
  for (const { name, evidence } of ctx.sessions) {
    const byValue = new Map<string, Canary[]>();
    for (const c of evidence.canaries) byValue.set(`${c.kind} ${c.value}`, [...(byValue.get(`${c.kind} ${c.value}`) ?? []), c]);
    const unique = [...byValue.values()].map((list) => list[0] as Canary);
    bySession.set(name, { prepared: prepareCanaries(unique), byValue });
  }
  const hits: Hit[] = [];
  for (const req of thirdParty) {
    const own = bySession.get(req.session);
    if (!own || own.prepared.length === 0) continue;
    const message: OutgoingMessage = { url: req.request.url, body: req.request.post_data_sample, headers: req.request.request_headers, frames: req.frames };
    const { host, path } = hostPath(req.request.url);
    for (const match of matchMessage(message, own.prepared)) {
      hits.push({
        req,
        canary: pickCanary(match.canary, own.byValue, req.request.page_url),
        match,
        channel: { host, path, location: match.location, key: match.key, resourceType: req.request.resource_type },
      });
    }
  }
  return hits;
}

function leakOf(hit: Hit): PiiLeak {
  return {
    kind: hit.canary.kind,
    field: hit.canary.field,
    page_url: hit.canary.page_url,
    session: hit.req.session,
    request_id: hit.req.request.id,
    host: hit.channel.host,
    channel: channelCode(hit.channel),
    feature: describeChannel(hit.channel),
    location: hit.match.location,
    key: hit.match.key,
    form: hit.match.variant.form,
    basis: hit.match.variant.basis,
  };
}

/** One note per leak path, sessions merged; one note per channel comes first so none is cut off. */
function notesOf(hits: Hit[]): string[] {
  const groups = new Map<string, { hit: Hit; sessions: Set<string> }>();
  for (const hit of hits) {
    const k = [hit.canary.kind, hit.canary.field, pathOf(hit.canary.page_url), hit.channel.host, describeChannel(hit.channel), hit.match.variant.form, hit.match.variant.basis].join("|");
    const g = groups.get(k) ?? { hit, sessions: new Set<string>() };
    g.sessions.add(hit.req.session);
    groups.set(k, g);
  }
  const notes = [...groups.values()].map(({ hit, sessions }) => {
    const feature = describeChannel(hit.channel);
    const note = `${feature.charAt(0).toUpperCase()}${feature.slice(1)} carried the ${hit.canary.kind} typed into "${hit.canary.field}" on ${pathOf(hit.canary.page_url)}, ${describeVariant(hit.match.variant)}, to ${hit.channel.host} (${[...sessions].join(", ")}).`;
    return { note, channel: channelCode(hit.channel) };
  });
  const seen = new Set<string>();
  const firsts = notes.filter((n) => (seen.has(n.channel) ? false : (seen.add(n.channel), true)));
  return uniq([...firsts, ...notes].map((n) => n.note));
}

/** Canary values (typed, never submitted) or email addresses found in what the page sent to third parties. */
export const detectPiiSharedWithThirdParty: Detector = (_evidence, ctx) => {
  const thirdParty: Array<ClassifiedRequest & { frames?: string[] }> = [
    ...ctx.requests.filter((r) => r.cls.party === "third"),
    ...socketsAsRequests(ctx).filter((r) => r.cls.party === "third"),
  ];
  const canaryHits = findCanaryHits(ctx, thirdParty);
  const withCanary = new Set(canaryHits.map((h) => h.req));
  const emailHits: ClassifiedRequest[] = [];
  for (const req of thirdParty) {
    if (withCanary.has(req) || req.request.resource_type === "websocket") continue;
    let query = "";
    try {
      query = safeDecode(new URL(req.request.url).search);
    } catch {
      query = "";
    }
    const emails = `${query} ${safeDecode(req.request.post_data_sample ?? "")}`.match(EMAIL)?.filter((e) => !NOT_EMAIL_TLD.test(e)) ?? [];
    if (emails.length) emailHits.push(req);
  }

  if (!canaryHits.length && !emailHits.length) return [];
  const requests = uniq([...canaryHits.map((h) => h.req), ...emailHits]);
  const notes = [...notesOf(canaryHits), ...uniq(emailHits.map((r) => `Email-like value sent to ${r.cls.host} (${r.session}).`))].slice(0, MAX_NOTES);
  const leaks = canaryHits.map(leakOf);
  const leakKey = (l: PiiLeak) => [l.kind, l.field, l.page_url, l.host, l.channel, l.location, l.key, l.form, l.basis].join("|");
  const seen = new Set<string>();
  const distinct = leaks.filter((l) => (seen.has(leakKey(l)) ? false : (seen.add(leakKey(l)), true)));
  const evidence = buildEvidence(ctx, { requests, notes });
  return [
    {
      code: "PII_SHARED_WITH_THIRD_PARTY",
      status: "violation-candidate",
      confidence: canaryHits.length ? "high" : "medium",
      pages: pagesOf(requests),
      summary: canaryHits.length
        ? `Personal data typed into forms (never submitted) reached ${listNames(entitiesOf(canaryHits.map((h) => h.req)))} through ${listNames(uniq(canaryHits.map((h) => describeChannel(h.channel))))}.`
        : `Email addresses appear in requests to ${listNames(entitiesOf(requests))}.`,
      evidence: { ...evidence, pii_leaks: distinct.slice(0, MAX_LEAKS) },
    },
  ];
};
