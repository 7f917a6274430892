import { describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { decodeGcdLetter, decodeGcs, readGoogleConsentMode } from "@/agents/observability/signals/google-consent-mode";
import { decodeGpp } from "@/agents/observability/signals/gpp";
import { decodeTcf, tryDecodeTcf } from "@/agents/observability/signals/tcf";
import { tcfVendorForHost } from "@/agents/observability/signals/tcf-vendors";
import { computeGpcVerdict } from "@/agents/observability/verdicts/gpc-verdict";
import { buildDetectorContext } from "@/agents/observability/context";
import type { Evidence } from "@/agents/evidence/schema";
import { cookie, makeEvidence, makeSession, req } from "@/tests/fixtures/evidence/make-evidence";
import { encodeStatesGppString, encodeTcString } from "@/tests/fixtures/web/signal-sites";

// Encodes bits as base64url the way GPP headers are (6 bits per character, zero-padded).
function bitsToB64(bits: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const padded = bits.padEnd(Math.ceil(bits.length / 6) * 6, "0");
  let out = "";
  for (let i = 0; i < padded.length; i += 6) out += alphabet[parseInt(padded.slice(i, i + 6), 2)];
  return out;
}
/** A GPP header listing one section id, Fibonacci-coded (ids below 34 need at most 8 bits). */
function headerFor(id: number): string {
  const fib = [1, 2, 3, 5, 8, 13, 21, 34];
  const bits: string[] = [];
  let rest = id;
  for (let i = fib.length - 1; i >= 0; i--) {
    const f = fib[i] ?? 0;
    if (f <= rest) {
      bits[i] = "1";
      rest -= f;
    } else if (bits.length) bits[i] = "0";
  }
  return bitsToB64("000011" + "000001" + "000000000001" + "0" + Array.from(bits, (b) => b ?? "0").join("") + "1");
}

describe("GPP state sections", () => {
  // Section strings from the IAB Tech Lab reference codec's tests (iabgpp-es), decoded by hand.
  it("decodes Colorado (10) from the IAB example BVWSSVg.YA: sale and targeted advertising opted out, GPC on", () => {
    const gpp = decodeGpp(`${headerFor(10)}~BVWSSVg.YA`);
    expect(gpp.sectionIds).toEqual([10]);
    expect(gpp.us[0]).toEqual({ id: 10, name: "usco", version: 1, saleOptOutNotice: 1, sharingOptOutNotice: null, saleOptOut: 1, sharingOptOut: null, targetedAdvertisingOptOut: 1, gpc: true });
  });
  it("decodes Connecticut (12) from BbYbG22w: sale opted out, targeted advertising not, no GPC sub-section", () => {
    const gpp = decodeGpp(`${headerFor(12)}~BbYbG22w`);
    expect(gpp.us[0]).toMatchObject({ name: "usct", saleOptOutNotice: 2, saleOptOut: 1, targetedAdvertisingOptOut: 2, gpc: null });
  });
  it("reads Utah's (11) extra notice before the opt-outs (BVVkklWA)", () => {
    expect(decodeGpp(`${headerFor(11)}~BVVkklWA`).us[0]).toMatchObject({ name: "usut", saleOptOut: 1, targetedAdvertisingOptOut: 1 });
  });
  it("round-trips the test web's usco + usct strings both ways", () => {
    expect(decodeGpp(encodeStatesGppString(true, true)).us.map((s) => [s.name, s.saleOptOut, s.targetedAdvertisingOptOut, s.gpc])).toEqual([
      ["usco", 1, 1, true],
      ["usct", 1, 1, true],
    ]);
    expect(decodeGpp(encodeStatesGppString(false, false)).us.map((s) => [s.saleOptOut, s.gpc])).toEqual([
      [2, false],
      [2, false],
    ]);
  });
  it("lists a later section (Maryland, 24) as present, not decoded", () => {
    const gpp = decodeGpp(`${headerFor(24)}~BVWSSVg`);
    expect(gpp.us).toEqual([]);
    expect(gpp.notDecoded).toEqual([{ id: 24, name: "usmd" }]);
  });
});

describe("TCF strings", () => {
  it("decodes a v2.2 string: purposes and vendors without the vendor list", () => {
    const tcf = decodeTcf("CQutBkAQutBkAEsACBENCWEgALAAAAAAAAqIF5wAgAtgLzAAAAAA.YAAAAAAAAAAA");
    expect(tcf).toMatchObject({ tcf_version: 2, policy_version: 4, cmp_id: 300, purposes_consent: [1, 3, 4], vendors_consent: [91, 755], publisher_cc: "FR" });
  });
  it("decodes the test web's reject string as granting nothing", () => {
    expect(decodeTcf(encodeTcString([], [])).purposes_consent).toEqual([]);
  });
  it("refuses a GPP string or garbage without throwing from tryDecodeTcf", () => {
    expect(tryDecodeTcf("DBABLA~BVQqAAAAAgA.QA").error).toBeTruthy();
    expect(tryDecodeTcf("!!").decoded).toBeNull();
    expect(tryDecodeTcf(null)).toEqual({ decoded: null, error: null });
  });
  it("maps request hosts to GVL vendors", () => {
    expect(tcfVendorForHost("googleads.g.doubleclick.net")).toEqual({ id: 755, name: "Google Advertising Products" });
    expect(tcfVendorForHost("static.criteo.net")?.id).toBe(91);
    expect(tcfVendorForHost("ib.adnxs.com")?.id).toBe(32);
    expect(tcfVendorForHost("www.google-analytics.com")).toBeNull();
  });
});

describe("Google Consent Mode", () => {
  it("decodes every gcd letter into default and update", () => {
    const table = Object.fromEntries("lpqtrmnuv".split("").map((l) => [l, decodeGcdLetter(l)]));
    expect(table).toEqual({
      l: { default: null, update: null, effective: null },
      p: { default: "denied", update: null, effective: "denied" },
      q: { default: "denied", update: "denied", effective: "denied" },
      t: { default: "granted", update: null, effective: "granted" },
      r: { default: "denied", update: "granted", effective: "granted" },
      m: { default: null, update: "denied", effective: "denied" },
      n: { default: null, update: "granted", effective: "granted" },
      u: { default: "granted", update: "denied", effective: "denied" },
      v: { default: "granted", update: "granted", effective: "granted" },
    });
  });
  it("decodes gcs G1xy as ad_storage, analytics_storage", () => {
    expect(decodeGcs("G110")).toEqual({ ad_storage: "granted", analytics_storage: "denied" });
    expect(decodeGcs("G1-1")).toEqual({ ad_storage: null, analytics_storage: "granted" });
    expect(decodeGcs("X100")).toBeNull();
  });
  it("reads gcs/gcd from Google tag URLs and GA4 batch bodies, and ignores other hosts", () => {
    const ads = readGoogleConsentMode("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?gcs=G111&gcd=13r3r3r3r5");
    expect(ads?.effective).toEqual({ ad_storage: "granted", analytics_storage: "granted", ad_user_data: "granted", ad_personalization: "granted" });
    const batch = readGoogleConsentMode("https://region1.google-analytics.com/g/collect?v=2&tid=G-1", "en=page_view&gcs=G100\nen=scroll");
    expect(batch?.effective.ad_storage).toBe("denied");
    expect(readGoogleConsentMode("https://tracker.example/g/collect?gcs=G111")).toBeNull();
    expect(readGoogleConsentMode("https://www.google-analytics.com/g/collect?v=2")).toBeNull();
  });
});

// Recorded evidence: the reject_all visit of a TCF/Consent Mode site, with the analysis both ways.
function tcfEvidence(opts: { rejectTc: string; rejectRequests: ReturnType<typeof req>[]; rejectCookies?: ReturnType<typeof cookie>[]; preRequests?: ReturnType<typeof req>[] }): Evidence {
  const reject = makeSession("reject_all");
  reject.requests = [...(reject.requests ?? []), ...opts.rejectRequests];
  reject.cookies = [...(reject.cookies ?? []), ...(opts.rejectCookies ?? [])];
  reject.consent_signals = { ...reject.consent_signals, tcf_string: opts.rejectTc };
  const accept = makeSession("accept_all");
  accept.consent_signals = { ...accept.consent_signals, tcf_string: encodeTcString([1, 2, 3, 4, 7, 9, 10], [91, 755]) };
  const pre = makeSession("pre_consent");
  pre.requests = [...(pre.requests ?? []), ...(opts.preRequests ?? [])];
  return makeEvidence({ sessions: { reject_all: reject, accept_all: accept, pre_consent: pre } });
}

const rejected = (path: string, extra: Parameters<typeof req>[1] = {}) => req(path, { resource_type: "image", t_since_consent_ms: 800, ...extra });

describe("decoded signals as evidence (recorded, no browser)", () => {
  it("names vendor 755 when doubleclick.net gets requests after a Reject whose TC string grants it nothing", () => {
    const evidence = tcfEvidence({ rejectTc: encodeTcString([], []), rejectRequests: [rejected("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?random=1")] });
    const report = analyzeEvidence(evidence, { framework: "GDPR", scanId: "t" });
    const finding = report.violations.find((v) => v.violation_type === "REJECT_NOT_HONORED");
    expect(finding?.status).toBe("violation");
    expect(finding?.evidence.notes).toContain("TCF vendor 755 Google Advertising Products received 1 request(s) while the TCF string after 'Reject all' grants it no consent.");
    expect(report.consent_signals.tcf.map((t) => t.session).sort()).toEqual(["accept_all", "reject_all"]);
  });

  it("does not name a vendor the TC string after Reject does allow", () => {
    const evidence = tcfEvidence({ rejectTc: encodeTcString([1], [755]), rejectRequests: [rejected("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?random=1")] });
    const report = analyzeEvidence(evidence, { framework: "GDPR", scanId: "t" });
    expect(report.consent_signals.tcf_vendors_without_consent).toEqual([]);
    // The string itself still grants purpose 1 after Reject, which is flagged.
    expect(report.violations.find((v) => v.violation_type === "REJECT_NOT_HONORED")?.evidence.notes.join(" ")).toMatch(/still grants consent for purpose\(s\) 1/);
  });

  it("flags a TC string that grants purposes after Reject even with no tracker traffic, and stays silent when it grants none", () => {
    const grants = analyzeEvidence(tcfEvidence({ rejectTc: encodeTcString([1, 7], []), rejectRequests: [] }), { framework: "GDPR", scanId: "t" });
    const finding = grants.violations.find((v) => v.violation_type === "REJECT_NOT_HONORED");
    expect(finding?.status).toBe("violation");
    expect(finding?.confidence).toBe("medium");
    expect(grants.consent_signals.tcf_reject_grants).toEqual({ purposes: [1, 7], vendors: [] });

    const clean = analyzeEvidence(tcfEvidence({ rejectTc: encodeTcString([], []), rejectRequests: [] }), { framework: "GDPR", scanId: "t" });
    expect(clean.violations.filter((v) => v.violation_type === "REJECT_NOT_HONORED")).toEqual([]);
    expect(clean.consent_verdict.reject_honored).toBe("yes");
  });

  it("'Reject recorded, yet ad_storage granted' is REJECT_NOT_HONORED evidence", () => {
    const evidence = tcfEvidence({
      rejectTc: encodeTcString([], []),
      rejectRequests: [rejected("https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G111&gcd=13r3r3r3r5&cid=1.2")],
      rejectCookies: [cookie("_ga", ".shop.example", { lifetime_days: 180, t_since_consent_ms: 500 })],
    });
    const report = analyzeEvidence(evidence, { framework: "GDPR", scanId: "t" });
    const finding = report.violations.find((v) => v.violation_type === "REJECT_NOT_HONORED");
    expect(finding?.evidence.notes.join(" ")).toContain("'Reject all' was recorded, yet 1 Google tag request(s) report ad_storage granted (e.g. gcs=G111).");
    expect(finding?.evidence.signals.gcm_ad_storage_granted_requests).toBe(1);
    expect(report.consent_signals.google_consent_mode[0]).toMatchObject({ session: "reject_all", ad_storage: "granted", cookieless: false });
  });

  it("denied cookieless pings before consent and after Reject are observations, not violations", () => {
    const evidence = tcfEvidence({
      rejectTc: encodeTcString([], []),
      rejectRequests: [rejected("https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G100&gcd=13q3q3q3q5")],
      preRequests: [req("https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G100&gcd=13p3p3p3p5", { resource_type: "image" })],
    });
    const report = analyzeEvidence(evidence, { framework: "GDPR", scanId: "t" });
    expect(report.violations.filter((v) => v.violation_type === "REJECT_NOT_HONORED" || v.violation_type === "TRACKING_BEFORE_CONSENT")).toEqual([]);
    expect(report.observations.map((o) => [o.violation_type, o.status]).sort()).toEqual([
      ["REJECT_NOT_HONORED", "observation"],
      ["TRACKING_BEFORE_CONSENT", "observation"],
    ]);
    expect(report.observations[0]?.reason).toMatch(/EDPB \(Guidelines 2\/2023/);
    expect(report.consent_verdict.reject_honored).toBe("yes");
  });

  it("a denied ping that carries a Google cookie is not cookieless: still a violation", () => {
    const evidence = tcfEvidence({
      rejectTc: encodeTcString([], []),
      rejectRequests: [rejected("https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G100")],
      rejectCookies: [cookie("_ga", ".shop.example", { lifetime_days: 180, t_since_consent_ms: -200 })],
    });
    const report = analyzeEvidence(evidence, { framework: "GDPR", scanId: "t" });
    expect(report.violations.some((v) => v.violation_type === "REJECT_NOT_HONORED" && v.status === "violation")).toBe(true);
    expect(report.consent_signals.google_consent_mode[0]?.cookieless).toBe(false);
  });
});

describe("GPC verdict on GPP state sections", () => {
  function gpcEvidence(gpp: string): Evidence {
    const gpc = makeSession("gpc");
    gpc.consent_signals = { ...gpc.consent_signals, usprivacy_cookie: null, optanon_consent: null, gpp_string: gpp };
    return makeEvidence({ sessions: { gpc } });
  }
  it("usco/usct 'did not opt out' with GPC on is not honoured; 'opted out' is", () => {
    const bad = gpcEvidence(encodeStatesGppString(false, true));
    const ctxBad = buildDetectorContext(bad, "US_CO");
    expect(ctxBad.gpcVerdict.verdict).toBe("not_honored");
    expect(ctxBad.gpcVerdict.reasons.filter((r) => r.startsWith("GPP"))).toEqual([
      "GPP usco SaleOptOut = 2 (did not opt out).",
      "GPP usco TargetedAdvertisingOptOut = 2 (did not opt out).",
      "GPP usct SaleOptOut = 2 (did not opt out).",
      "GPP usct TargetedAdvertisingOptOut = 2 (did not opt out).",
    ]);
    const good = gpcEvidence(encodeStatesGppString(true, true));
    const ctxGood = buildDetectorContext(good, "US_CO");
    expect(computeGpcVerdict(good, ctxGood.requests, ctxGood.cookies).verdict).toBe("honored");
  });
});
