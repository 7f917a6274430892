import { describe, expect, it } from "vitest";
import { buildDetectorContext } from "@/agents/observability/context";
import { detectors } from "@/agents/observability/detectors";
import type { Evidence } from "@/agents/evidence/schema";
import { EvidenceSchema } from "@/agents/evidence/schema";
import type { FindingCode } from "@/lib/schemas/report";
import { cookie, homePage, makeEvidence, makeSession, req, SITE } from "@/tests/fixtures/evidence/make-evidence";
import { gpcIgnored, noBanner, piiLeak, rejectIgnored, rejectUnproven, trackySite } from "@/tests/fixtures/evidence/scenarios";
import { createHash } from "node:crypto";

function run(code: FindingCode, evidence: Evidence, framework: "CCPA" | "GDPR" = "GDPR") {
  return detectors[code](evidence, buildDetectorContext(evidence, framework));
}

describe("clean evidence triggers no detector", () => {
  const clean = makeEvidence();
  for (const code of Object.keys(detectors) as FindingCode[]) {
    it(`${code} is silent on a compliant site`, () => {
      expect(run(code, clean)).toEqual([]);
    });
  }
});

describe("TRACKING_BEFORE_CONSENT", () => {
  it("flags ad, analytics and replay trackers in the pre_consent visit", () => {
    const [f] = run("TRACKING_BEFORE_CONSENT", trackySite());
    expect(f?.status).toBe("violation-candidate");
    expect(f?.confidence).toBe("high");
    expect(f?.evidence.requests.map((r) => r.entity)).toEqual(expect.arrayContaining(["Meta", "Google Analytics", "Hotjar"]));
    expect(f?.evidence.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(["_ga", "_fbp"]));
  });
  it("ignores CMP, CDN and first-party requests before consent", () => {
    const pre = makeSession("pre_consent");
    pre.requests = [...pre.requests, req("https://cdnjs.cloudflare.com/ajax/libs/jquery.js"), req("https://fonts.googleapis.com/css2?family=Inter")];
    pre.cookies = [...pre.cookies, cookie("OptanonAlertBoxClosed", ".shop.example"), cookie("PHPSESSID", "www.shop.example")];
    expect(run("TRACKING_BEFORE_CONSENT", makeEvidence({ sessions: { pre_consent: pre } }))).toEqual([]);
  });
  it("counts trackers fired in the accept session before the click", () => {
    const accept = makeSession("accept_all");
    accept.requests = [...accept.requests, req("https://googleads.g.doubleclick.net/pagead/id", { t_since_consent_ms: -200 })];
    expect(run("TRACKING_BEFORE_CONSENT", makeEvidence({ sessions: { accept_all: accept } }))).toHaveLength(1);
  });
});

describe("REJECT_NOT_HONORED", () => {
  it("flags trackers after a proven reject, with the accept_all baseline", () => {
    const [f] = run("REJECT_NOT_HONORED", rejectIgnored());
    expect(f?.status).toBe("violation-candidate");
    expect(f?.evidence.requests.every((r) => (r.t_since_consent_ms ?? 0) > 0)).toBe(true);
    expect(f?.evidence.notes.join(" ")).toMatch(/consent-dependent\): Meta/);
    expect(f?.evidence.screenshots).toContain("screenshots/reject_all-after.png");
  });
  it("is inconclusive when the reject click was not proven", () => {
    const [f] = run("REJECT_NOT_HONORED", rejectUnproven());
    expect(f?.status).toBe("inconclusive");
  });
  it("is inconclusive when the CMP self-test failed", () => {
    const e = rejectIgnored();
    const reject = e.sessions.reject_all;
    if (!reject) throw new Error("fixture");
    reject.banner.self_test = false;
    expect(run("REJECT_NOT_HONORED", e)[0]?.status).toBe("inconclusive");
  });
});

describe("GPC_NOT_HONORED", () => {
  it("flags ad trackers and not-opted-out strings with GPC on", () => {
    const e = gpcIgnored();
    const ctx = buildDetectorContext(e, "CCPA");
    expect(ctx.gpcVerdict.verdict).toBe("not_honored");
    expect(ctx.gpcVerdict.domains_ignoring_gpc).toEqual(["facebook.com", "facebook.net"]);
    expect(ctx.gpcVerdict.reasons.join(" ")).toMatch(/1YNN/);
    expect(ctx.gpcVerdict.reasons.join(" ")).toMatch(/usnat SaleOptOut = 2/);
    expect(ctx.gpcVerdict.reasons.join(" ")).toMatch(/isGpcEnabled=0/);
    expect(ctx.gpcVerdict.reasons.join(" ")).toMatch(/gpc.json/);
    const [f] = detectors.GPC_NOT_HONORED(e, ctx);
    expect(f?.confidence).toBe("high");
  });
  it("flags signals alone (no trackers) with medium confidence", () => {
    const gpc = makeSession("gpc");
    gpc.consent_signals = { usprivacy_cookie: "1YNN", navigator_gpc: true };
    const [f] = run("GPC_NOT_HONORED", makeEvidence({ sessions: { gpc } }), "CCPA");
    expect(f?.confidence).toBe("medium");
  });
  it("is honored on the clean site and inconclusive when navigator.globalPrivacyControl was not set", () => {
    expect(buildDetectorContext(makeEvidence(), "CCPA").gpcVerdict.verdict).toBe("honored");
    const gpc = makeSession("gpc");
    gpc.consent_signals = { navigator_gpc: false };
    expect(buildDetectorContext(makeEvidence({ sessions: { gpc } }), "CCPA").gpcVerdict.verdict).toBe("inconclusive");
  });
});

describe("MISSING_OPT_OUT_LINK / OPT_OUT_LINK_BROKEN", () => {
  it("flags ad trackers without a home-page opt-out link", () => {
    const e = makeEvidence({ discovery: { start_url: SITE, nodes: [homePage({ opt_out_links: [] })], edges: [] } });
    expect(run("MISSING_OPT_OUT_LINK", e, "CCPA")).toHaveLength(1);
  });
  it("stays silent without sale/share trackers even if the link is missing", () => {
    const accept = makeSession("accept_all");
    const e = makeEvidence({ sessions: { accept_all: accept }, discovery: { start_url: SITE, nodes: [homePage({ opt_out_links: [] })], edges: [] } });
    expect(run("MISSING_OPT_OUT_LINK", e, "CCPA")).toEqual([]);
  });
  it("flags 404, loops and pages without a control", () => {
    const e = makeEvidence({
      opt_out_checks: [
        { text: "Do Not Sell", href: `${SITE}dns`, final_url: null, status: 404, redirect_loop: false, has_opt_out_control: false },
        { text: "Your Privacy Choices", href: `${SITE}choices`, final_url: null, status: null, redirect_loop: true, has_opt_out_control: false },
        { text: "Opt out", href: `${SITE}optout`, final_url: `${SITE}optout`, status: 200, redirect_loop: false, has_opt_out_control: false },
      ],
    });
    const findings = run("OPT_OUT_LINK_BROKEN", e, "CCPA");
    expect(findings.map((f) => f.confidence)).toEqual(["high", "high", "medium"]);
  });
});

describe("consent UI", () => {
  it("NO_CONSENT_MECHANISM: trackers and no banner anywhere", () => {
    expect(run("NO_CONSENT_MECHANISM", noBanner())).toHaveLength(1);
  });
  it("NO_CONSENT_MECHANISM: no banner but no trackers either is fine", () => {
    const e = noBanner();
    const pre = e.sessions.pre_consent;
    if (!pre) throw new Error("fixture");
    pre.requests = pre.requests.filter((r) => !r.url.includes("google-analytics"));
    const accept = e.sessions.accept_all;
    if (accept) accept.requests = [];
    expect(run("NO_CONSENT_MECHANISM", e)).toEqual([]);
  });
  it("NO_REJECT_OPTION: accept on layer 1 without reject", () => {
    const reject = makeSession("reject_all");
    reject.banner = { ...reject.banner, buttons: [{ text: "Accept", role: "accept", layer: 1 }, { text: "Reject", role: "reject", layer: 2 }], reject_on_first_layer: false, clicks_to_reject: 3 };
    const [f] = run("NO_REJECT_OPTION", makeEvidence({ sessions: { reject_all: reject } }));
    expect(f?.summary).toMatch(/3 clicks against 1/);
    expect(f?.confidence).toBe("high");
  });
  it("PRE_TICKED_CONSENT: banner toggles and prechecked marketing boxes", () => {
    const pre = makeSession("pre_consent");
    pre.banner = { ...pre.banner, preticked: [{ label: "Marketing", essential: false }, { label: "Strictly necessary", essential: true }] };
    const page = homePage({
      forms: [{ action: `${SITE}signup`, method: "POST", insecure: false, fields: [{ name: "newsletter", type: "checkbox", label: "Send me offers", pii_kind: null, prechecked: true }] }],
    });
    const [f] = run("PRE_TICKED_CONSENT", makeEvidence({ sessions: { pre_consent: pre }, discovery: { start_url: SITE, nodes: [page], edges: [] } }));
    expect(f?.summary).toMatch(/Marketing/);
    expect(f?.summary).not.toMatch(/Strictly necessary/);
    expect(f?.summary).toMatch(/Send me offers/);
  });
  it("PRE_TICKED_CONSENT: essential-only preticks are fine", () => {
    const pre = makeSession("pre_consent");
    pre.banner = { ...pre.banner, preticked: [{ label: "Strictly necessary", essential: true }] };
    expect(run("PRE_TICKED_CONSENT", makeEvidence({ sessions: { pre_consent: pre } }))).toEqual([]);
  });
});

describe("privacy policy", () => {
  it("MISSING_PRIVACY_POLICY: no home link and no policy", () => {
    const e = makeEvidence({ privacy_policy: null, discovery: { start_url: SITE, nodes: [homePage({ privacy_policy_links: [] })], edges: [] } });
    expect(run("MISSING_PRIVACY_POLICY", e)).toHaveLength(1);
  });
  it("MISSING_PRIVACY_POLICY: a fetched policy counts even without a home link", () => {
    const e = makeEvidence({ discovery: { start_url: SITE, nodes: [homePage({ privacy_policy_links: [] })], edges: [] } });
    expect(run("MISSING_PRIVACY_POLICY", e)).toEqual([]);
  });
  it("PRIVACY_POLICY_INCOMPLETE: a thin policy misses disclosures", () => {
    const e = makeEvidence({ privacy_policy: { url: `${SITE}privacy`, status: 200, title: "Privacy", text: "We care about your privacy. We use cookies." } });
    const [f] = run("PRIVACY_POLICY_INCOMPLETE", e, "CCPA");
    expect(f?.summary).toMatch(/Categories of personal information/);
  });
});

describe("PII_SHARED_WITH_THIRD_PARTY", () => {
  const email = "Canary.7f3a@apo-test.example";
  const normalised = email.trim().toLowerCase();
  const variants: [string, (v: string) => string][] = [
    ["plain in query", (v) => `https://tracker.example/collect?em=${v}`],
    ["url-encoded", (v) => `https://tracker.example/collect?em=${encodeURIComponent(v)}`],
    ["base64", (v) => `https://tracker.example/collect?d=${Buffer.from(v).toString("base64")}`],
    ["md5", (v) => `https://tracker.example/collect?h=${createHash("md5").update(v.trim().toLowerCase()).digest("hex")}`],
    ["sha1", (v) => `https://tracker.example/collect?h=${createHash("sha1").update(v.trim().toLowerCase()).digest("hex")}`],
    ["sha256 upper-case", (v) => `https://www.facebook.com/tr?ud[em]=${createHash("sha256").update(v.trim().toLowerCase()).digest("hex").toUpperCase()}`],
  ];
  for (const [name, build] of variants) {
    it(`finds the canary ${name}`, () => {
      const e = piiLeak();
      e.sessions.pre_consent?.requests.push(EvidenceSchema.shape.sessions.shape.pre_consent.unwrap().shape.requests.element.parse(req(build(email))));
      const [f] = run("PII_SHARED_WITH_THIRD_PARTY", e);
      expect(f?.confidence).toBe("high");
      expect(f?.evidence.notes[0]).toMatch(/email typed into "email"/);
    });
  }
  it("finds the canary form-encoded in a POST body", () => {
    const e = piiLeak();
    const r = EvidenceSchema.shape.sessions.shape.pre_consent.unwrap().shape.requests.element.parse(
      req("https://api.segment.io/v1/t", { method: "POST", post_data_sample: `email=${encodeURIComponent(normalised).replace(/%20/g, "+")}` }),
    );
    e.sessions.pre_consent?.requests.push(r);
    expect(run("PII_SHARED_WITH_THIRD_PARTY", e)).toHaveLength(1);
  });
  it("ignores the canary sent to the site itself, and flags other emails in third-party URLs with medium confidence", () => {
    const e = piiLeak();
    const parse = EvidenceSchema.shape.sessions.shape.pre_consent.unwrap().shape.requests.element.parse;
    e.sessions.pre_consent?.requests.push(parse(req(`${SITE}api/check?email=${email}`)));
    expect(run("PII_SHARED_WITH_THIRD_PARTY", e)).toEqual([]);
    e.sessions.pre_consent?.requests.push(parse(req("https://pixel.example/p?user=someone%40mail.example&img=logo@2x.png")));
    expect(run("PII_SHARED_WITH_THIRD_PARTY", e)[0]?.confidence).toBe("medium");
  });
});

describe("INSECURE_DATA_COLLECTION", () => {
  const form = (insecure: boolean) =>
    homePage({ forms: [{ action: "http://www.shop.example/login", method: "POST", insecure, fields: [{ name: "password", type: "password", pii_kind: "password" }] }] });
  it("flags a PII form on plain HTTP", () => {
    const [f] = run("INSECURE_DATA_COLLECTION", makeEvidence({ discovery: { start_url: SITE, nodes: [form(true)], edges: [] } }));
    expect(f?.summary).toMatch(/password/);
  });
  it("ignores secure forms", () => {
    expect(run("INSECURE_DATA_COLLECTION", makeEvidence({ discovery: { start_url: SITE, nodes: [form(false)], edges: [] } }))).toEqual([]);
  });
});

describe("EXCESSIVE_COOKIE_LIFETIME", () => {
  it("flags tracking cookies over 395 days, never consent or first-party functional cookies", () => {
    const e = trackySite();
    e.sessions.pre_consent?.cookies.push(
      EvidenceSchema.shape.sessions.shape.pre_consent.unwrap().shape.cookies.element.parse(cookie("OptanonConsent", ".shop.example", { lifetime_days: 730 })),
    );
    const [f] = run("EXCESSIVE_COOKIE_LIFETIME", e);
    expect(f?.evidence.cookies.map((c) => c.name)).toEqual(["_ga"]);
  });
});

describe("SESSION_RECORDING", () => {
  it("flags replay scripts before consent", () => {
    const [f] = run("SESSION_RECORDING", trackySite());
    expect(f?.summary).toMatch(/Hotjar/);
  });
  it("allows replay after an accepted consent", () => {
    const accept = makeSession("accept_all");
    accept.requests = [...accept.requests, req("https://static.hotjar.com/c/hotjar-1.js", { t_since_consent_ms: 300 })];
    expect(run("SESSION_RECORDING", makeEvidence({ sessions: { accept_all: accept } }))).toEqual([]);
  });
});

describe("BROWSER_FINGERPRINTING", () => {
  it("flags a third-party canvas fingerprint before consent", () => {
    const [f] = run("BROWSER_FINGERPRINTING", trackySite());
    expect(f?.confidence).toBe("high");
  });
  it("ignores events under the Englehardt-Narayanan thresholds and events after accepting", () => {
    const pre = makeSession("pre_consent", {
      fingerprinting: [
        { kind: "canvas", script_url: "https://charts.example/c.js", page_url: SITE, detail: { text_length: 3, read_area: 4000 } },
        { kind: "canvas_font", script_url: "https://charts.example/c.js", page_url: SITE, detail: { distinct_fonts: 4, measure_text_calls: 10 } },
      ],
    });
    const accept = makeSession("accept_all", { fingerprinting: [{ kind: "audio", script_url: "https://fp.example/a.js", page_url: SITE, t_since_consent_ms: 500 }] });
    expect(run("BROWSER_FINGERPRINTING", makeEvidence({ sessions: { pre_consent: pre, accept_all: accept } }))).toEqual([]);
  });
});
