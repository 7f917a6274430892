import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EvidenceSchema, type Evidence } from "@/agents/evidence/schema";
import { analyzeEvidence } from "@/agents/observability";
import { buildDetectorContext } from "@/agents/observability/context";
import { detectPiiSharedWithThirdParty } from "@/agents/observability/detectors/pii-shared-with-third-party";
import { makeEvidence, makeSession, req, SITE } from "@/tests/fixtures/evidence/make-evidence";

// Evidence a real Chromium recorded on www.pii-leaky.example and www.pii-clean.example (pre_consent,
// home, sign-up and contact pages typed into), analysed here without a browser.
function recorded(site: string): Evidence {
  const file = path.join(process.cwd(), "tests/fixtures/evidence/recorded", `${site}.evidence.json`);
  return EvidenceSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}
const detect = (e: Evidence) => detectPiiSharedWithThirdParty(e, buildDetectorContext(e, "GDPR"));
const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");

describe("PII_SHARED_WITH_THIRD_PARTY on recorded evidence", () => {
  it("names every channel of the leaky site, with the vendor feature, the field, the page and the form", () => {
    const [finding] = detect(recorded("pii-leaky"));
    expect(finding?.confidence).toBe("high");
    const leaks = finding?.evidence.pii_leaks ?? [];
    expect(new Set(leaks.map((l) => l.channel))).toEqual(
      new Set(["meta-advanced-matching", "tiktok-advanced-matching", "google-enhanced-conversions", "custom-header", "cookie", "beacon", "websocket"]),
    );
    const meta = leaks.find((l) => l.key === "ud[em]" && l.page_url.endsWith("/account/signup"));
    expect(meta).toMatchObject({ kind: "email", field: "email", host: "www.facebook.com", form: "sha256", basis: "normalised value", feature: "Meta advanced matching (ud[em])" });
    // The tel field got a national number; Meta hashed its digits without the country code.
    expect(leaks.find((l) => l.key === "ud[ph]")).toMatchObject({ kind: "phone", form: "sha256", basis: "national number" });
    expect(leaks.find((l) => l.key === "ud[zp]")).toMatchObject({ kind: "address", field: "postcode", form: "sha256" });
    expect(leaks.find((l) => l.key === "events[0].user.phone_number")).toMatchObject({ kind: "phone", basis: "E.164 number", feature: "TikTok Events API (events[0].user.phone_number)" });
    expect(leaks.find((l) => l.channel === "websocket")).toMatchObject({ host: "nexus-websocket-a.intercom.io", location: "websocket-frame", key: "user.email", form: "plain" });
    expect(leaks.find((l) => l.channel === "cookie")).toMatchObject({ key: "intercom-user-piitest", form: "base64" });
    expect(leaks.find((l) => l.channel === "beacon")?.key).toMatch(/^ep\.form_/);
    expect(finding?.evidence.notes[0]).toMatch(/carried the \w+ typed into "[\w]+" on \//);
    expect(finding?.evidence.notes.join("\n")).toContain('Meta advanced matching (ud[em]) carried the email typed into "email" on /account/signup, SHA-256 of the normalised value, to www.facebook.com (pre_consent).');
    expect(finding?.summary).toMatch(/Meta advanced matching/);
  });

  it("puts the named channels in the report's violation", () => {
    const report = analyzeEvidence(recorded("pii-leaky"), { framework: "GDPR", scanId: "pii", generatedAt: "2026-12-04T12:00:00.000Z" });
    const v = report.violations.find((x) => x.violation_type === "PII_SHARED_WITH_THIRD_PARTY");
    expect(v?.status).toBe("violation");
    expect(v?.evidence.notes.some((n) => n.startsWith("Google enhanced conversions (em) carried"))).toBe(true);
    expect(v?.evidence.pii_leaks?.length).toBeGreaterThan(7);
  });

  it("finds nothing on the clean site, which has the same forms, tags and socket", () => {
    const clean = recorded("pii-clean");
    const session = clean.sessions.pre_consent;
    expect(session?.canaries.length).toBeGreaterThanOrEqual(8);
    expect(session?.websockets.length).toBeGreaterThan(0);
    expect(detect(clean)).toEqual([]);
  });

  it("finds nothing once the canaries are another visitor's (the hit depends on the typed values)", () => {
    const leaky = recorded("pii-leaky");
    const session = leaky.sessions.pre_consent;
    if (!session) throw new Error("fixture");
    session.canaries = session.canaries.map((c) => ({ ...c, value: c.value.replace(/[a-z]{8}/i, "zzzzzzzz").replace(/\d{4}/, "0000") }));
    // Only the e-mail-shaped heuristic may remain (medium confidence), never a canary hit.
    expect(detect(leaky).every((f) => f.confidence === "medium" && (f.evidence.pii_leaks ?? []).length === 0)).toBe(true);
  });
});

describe("PII_SHARED_WITH_THIRD_PARTY on built evidence", () => {
  it("searches WebSocket frames of third-party sockets only", () => {
    const email = "apo.canary.q1w2e3r4@example.org";
    const pre = makeSession("pre_consent", {
      canaries: [{ page_url: `${SITE}contact`, field: "email", kind: "email", value: email }],
      websockets: [
        { id: "ws1", url: "wss://www.shop.example/live", page_url: SITE, frames_sent: [JSON.stringify({ email })] },
        { id: "ws2", url: "wss://widget.chat-vendor.example/socket", page_url: SITE, frames_sent: ['{"t":"hello"}', JSON.stringify({ visitor: { email } })] },
      ],
    });
    const [f] = detect(makeEvidence({ sessions: { pre_consent: pre } }));
    expect(f?.evidence.pii_leaks).toEqual([expect.objectContaining({ channel: "websocket", host: "widget.chat-vendor.example", key: "visitor.email", request_id: "ws2" })]);
    expect(f?.evidence.requests.map((r) => r.url)).toEqual(["wss://widget.chat-vendor.example/socket"]);
  });

  it("reads the Cookie header of a third-party request and a hash that is another person's is ignored", () => {
    const email = "apo.canary.q1w2e3r4@example.org";
    const pre = makeSession("pre_consent", {
      canaries: [{ page_url: `${SITE}signup`, field: "email", kind: "email", value: email }],
      requests: [
        req(`https://www.facebook.com/tr/?id=1&ud[em]=${sha256("someone@example.org")}`, { resource_type: "image" }),
        req("https://px.vendor.example/p", { resource_type: "image", request_headers: { cookie: `uid=1; em=${sha256(email)}` } }),
      ],
    });
    const [f] = detect(makeEvidence({ sessions: { pre_consent: pre } }));
    expect(f?.evidence.pii_leaks).toEqual([expect.objectContaining({ channel: "cookie", key: "em", form: "sha256", host: "px.vendor.example" })]);
  });
});
