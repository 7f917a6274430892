import { buildEvidence, entitiesOf, listNames, pagesOf, uniq } from "../evidence-helpers";
import { canaryVariants, findVariant } from "../pii-variants";
import type { ClassifiedRequest, Detector } from "../types";

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const NOT_EMAIL_TLD = /\.(png|jpe?g|gif|svg|webp|js|css|woff2?)$/i;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Canary values (typed, never submitted) or email addresses found in third-party requests. */
export const detectPiiSharedWithThirdParty: Detector = (_evidence, ctx) => {
  const canaries = ctx.sessions.flatMap((s) => s.evidence.canaries);
  const prepared = canaries.map((c) => ({ canary: c, variants: canaryVariants(c.value, c.kind) }));
  const thirdParty = ctx.requests.filter((r) => r.cls.party === "third");
  const canaryHits: { req: ClassifiedRequest; note: string }[] = [];
  const emailHits: { req: ClassifiedRequest; note: string }[] = [];

  for (const req of thirdParty) {
    const haystack = `${req.request.url}\n${req.request.post_data_sample ?? ""}`;
    const decoded = `${haystack}\n${safeDecode(haystack)}`;
    let matched = false;
    for (const { canary, variants } of prepared) {
      const hit = findVariant(decoded, variants);
      if (hit) {
        canaryHits.push({ req, note: `${canary.kind} typed into "${canary.field}" on ${canary.page_url} sent as ${hit.form} to ${req.cls.host} (${req.session}).` });
        matched = true;
        break;
      }
    }
    if (matched) continue;
    let query = "";
    try {
      const u = new URL(req.request.url);
      query = safeDecode(u.search);
    } catch {
      query = "";
    }
    const emails = `${query} ${safeDecode(req.request.post_data_sample ?? "")}`.match(EMAIL)?.filter((e) => !NOT_EMAIL_TLD.test(e)) ?? [];
    if (emails.length) emailHits.push({ req, note: `Email-like value sent to ${req.cls.host} (${req.session}).` });
  }

  const hits = [...canaryHits, ...emailHits];
  if (!hits.length) return [];
  const requests = hits.map((h) => h.req);
  return [
    {
      code: "PII_SHARED_WITH_THIRD_PARTY",
      status: "violation-candidate",
      confidence: canaryHits.length ? "high" : "medium",
      pages: pagesOf(requests),
      summary: canaryHits.length
        ? `Personal data typed into forms (never submitted) reached ${listNames(entitiesOf(canaryHits.map((h) => h.req)))}.`
        : `Email addresses appear in requests to ${listNames(entitiesOf(requests))}.`,
      evidence: buildEvidence(ctx, { requests, notes: uniq(hits.map((h) => h.note)).slice(0, 20) }),
    },
  ];
};
