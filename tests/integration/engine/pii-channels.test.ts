import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvidenceSchema, type Evidence, type SessionEvidence } from "@/agents/evidence/schema";
import { makeCanaryToken } from "@/agents/interaction/canary";
import { runSession } from "@/agents/interaction/session";
import { analyzeEvidence } from "@/agents/observability";
import { chatSocketFrames, PII_CLEAN_HOST, PII_LEAKY_HOST } from "@/tests/fixtures/web/pii-sites";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir } from "./helpers";

// A real Chromium types into the forms of two shops with the same trackers: one whose tags send
// what is typed (hashed, encoded, in headers, cookies, beacons and socket frames), one that sends
// page views only. The evidence the visitor records is then judged as a scan would judge it.
describe("personal data in every form it travels, in a real browser", () => {
  let web: TestWeb;
  const visits = new Map<string, SessionEvidence>();

  async function visit(host: string): Promise<SessionEvidence> {
    const { evidence } = await runSession({
      name: "pre_consent",
      pages: [web.url(host), web.url(host, "/account/signup"), web.url(host, "/contact")],
      outDir: await tempDir("pii"),
      canaryToken: makeCanaryToken(),
      typeCanaries: true,
      timeouts: FAST_TIMEOUTS,
      browser: { hostResolverRules: web.hostResolverRules, ignoreHTTPSErrors: true },
      allowPrivate: true,
      signal: new AbortController().signal,
    });
    return evidence;
  }

  function evidenceOf(host: string, session: SessionEvidence): Evidence {
    return EvidenceSchema.parse({
      version: "1.0",
      scan_id: "pii",
      target_url: web.url(host),
      final_url: web.url(host),
      started_at: session.started_at,
      finished_at: new Date().toISOString(),
      completeness: "complete",
      scanner: { user_agent: null, browser_version: null },
      discovery: { start_url: web.url(host), nodes: [], edges: [] },
      sessions: { pre_consent: session, accept_all: null, reject_all: null, gpc: null },
      well_known_gpc: null,
      opt_out_checks: [],
      privacy_policy: null,
      errors: [],
    });
  }

  const piiViolation = (host: string) => {
    const session = visits.get(host);
    if (!session) throw new Error(`no visit of ${host}`);
    return analyzeEvidence(evidenceOf(host, session), { framework: "GDPR", scanId: "pii" }).violations.find((v) => v.violation_type === "PII_SHARED_WITH_THIRD_PARTY");
  };

  beforeAll(async () => {
    web = await startTestWeb();
    // Two independent visitors (own browser, own canaries, other hosts): run together.
    const [leaky, clean] = await Promise.all([visit(PII_LEAKY_HOST), visit(PII_CLEAN_HOST)]);
    visits.set(PII_LEAKY_HOST, leaky);
    visits.set(PII_CLEAN_HOST, clean);
  }, 180_000);
  afterAll(async () => {
    await web?.close();
  });

  it("types e-mail, national and E.164 phones, first/last/full names and street/city/postcode, and leaves each field", () => {
    const leaky = visits.get(PII_LEAKY_HOST);
    const kinds = new Set(leaky?.canaries.map((c) => `${c.kind}:${c.field}`));
    for (const k of ["email:email", "phone:phone", "name:first_name", "name:last_name", "name:full_name", "address:street", "address:city", "address:postcode"]) expect(kinds.has(k), k).toBe(true);
    const phones = leaky?.canaries.filter((c) => c.kind === "phone").map((c) => c.value) ?? [];
    expect(phones.some((p) => /^\(555\) \d{3}-\d{4}$/.test(p))).toBe(true); // tel field beside a country select
    expect(phones.some((p) => /^\+1555\d{7}$/.test(p))).toBe(true);
    // The site's tags send on input (after a pause) and on blur: both happened, so both events fired.
    const leads = leaky?.requests.filter((r) => r.url.includes("facebook.com/tr") && r.url.includes("ev=Lead")) ?? [];
    expect(leads.some((r) => r.url.includes("cd[reason]=input"))).toBe(true);
    expect(leads.some((r) => r.url.includes("cd[reason]=blur"))).toBe(true);
  });

  it("records sendBeacon bodies, Cookie headers and the frames a page sends on a WebSocket", () => {
    const leaky = visits.get(PII_LEAKY_HOST);
    expect(leaky?.requests.some((r) => r.resource_type === "ping" && (r.post_data_sample ?? "").includes("ep.form_"))).toBe(true);
    expect(leaky?.requests.some((r) => r.url.includes("intercom.io") && (r.request_headers.cookie ?? "").includes("intercom-user-piitest="))).toBe(true);
    const socket = leaky?.websockets.find((w) => w.url.startsWith("wss://nexus-websocket-a.intercom.io/"));
    expect(socket?.frames_sent.some((f) => f.includes('"identify"'))).toBe(true);
    expect(chatSocketFrames.some((f) => f.includes('"identify"'))).toBe(true); // it really left the browser
  });

  it("on the leaky site, catches and names every channel", () => {
    const v = piiViolation(PII_LEAKY_HOST);
    expect(v?.status).toBe("violation");
    const leaks = v?.evidence.pii_leaks ?? [];
    const channels = new Set(leaks.map((l) => l.channel));
    for (const c of ["meta-advanced-matching", "tiktok-advanced-matching", "google-enhanced-conversions", "custom-header", "cookie", "beacon", "websocket"]) expect(channels.has(c), `${c} in ${[...channels].join(", ")}`).toBe(true);
    expect(new Set(leaks.map((l) => l.kind))).toEqual(new Set(["email", "phone", "name", "address"]));
    const keys = new Set(leaks.map((l) => `${l.host} ${l.key} ${l.form}`));
    for (const k of ["ud[em]", "ud[ph]", "ud[fn]", "ud[ln]", "ud[ct]", "ud[zp]"]) expect(keys.has(`www.facebook.com ${k} sha256`), k).toBe(true);
    expect(keys.has("analytics.tiktok.com events[0].user.email sha256")).toBe(true);
    expect(keys.has("analytics.tiktok.com context.user.email sha256")).toBe(true);
    expect(keys.has("www.google-analytics.com em sha256")).toBe(true);
    expect(keys.has("api-iam.intercom.io x-user-email plain")).toBe(true);
    expect(keys.has("api-iam.intercom.io intercom-user-piitest base64")).toBe(true);
    const notes = v?.evidence.notes.join("\n") ?? "";
    expect(notes).toMatch(/Meta advanced matching \(ud\[em\]\) carried the email typed into "email" on \/(account\/signup|contact)?, SHA-256 of the normalised value, to www\.facebook\.com/);
    expect(notes).toMatch(/TikTok advanced matching \(identify: context\.user\.email\)/);
    expect(notes).toMatch(/Google enhanced conversions \(em\)/);
    expect(notes).toMatch(/a WebSocket frame \(user\.email\)|A WebSocket frame \(user\.email\)/);
    expect(v?.description ?? "").not.toBe("");
  });

  it("on the clean site (same forms, same tags, same socket), reports nothing", () => {
    const clean = visits.get(PII_CLEAN_HOST);
    // The test could fail: the visitor typed, and the same vendors and socket were reached.
    expect(clean?.canaries.length).toBeGreaterThanOrEqual(8);
    expect(clean?.requests.some((r) => r.url.includes("facebook.com/tr"))).toBe(true);
    expect(clean?.requests.some((r) => r.url.includes("intercom.io"))).toBe(true);
    expect(clean?.websockets[0]?.frames_sent.length).toBeGreaterThan(0);
    expect(piiViolation(PII_CLEAN_HOST)).toBeUndefined();
  });
});
