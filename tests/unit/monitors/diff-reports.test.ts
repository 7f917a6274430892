import { describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { RecordedRequestSchema, type Evidence } from "@/agents/evidence/schema";
import { diffReports } from "@/lib/monitors/diff-reports";
import { shortTextDiff, splitSentences } from "@/lib/monitors/text-diff";
import { MonitorDiffSchema } from "@/lib/schemas/monitor";
import { EvidenceReportSchema, type EvidenceReport } from "@/lib/schemas/report";
import { COMPLETE_POLICY, makeEvidence, makeSession, req } from "@/tests/fixtures/evidence/make-evidence";
import { trackySite } from "@/tests/fixtures/evidence/scenarios";

// Three runs of one site, as a monitor sees them: (1) a banner whose first layer has no "Reject",
// (2) the same plus a new tracker after "Accept all", (3) the banner fixed. Reports are built by
// the Observability agent from recorded evidence, judged under two frameworks.

const BASE_ID = "0b6a4c1e-5d3f-4f5e-9a1b-2c3d4e5f6a7b";
const opts = { framework: "GDPR" as const, frameworks: ["GDPR" as const, "CCPA" as const], generatedAt: "2026-03-02T10:05:00.000Z" };

const hiddenReject = {
  buttons: [
    { text: "Accept all", role: "accept" as const, layer: 1 },
    { text: "Settings", role: "settings" as const, layer: 1 },
    { text: "Reject all", role: "reject" as const, layer: 2 },
  ],
  reject_on_first_layer: false,
  clicks_to_reject: 2,
};

function run(options: { bannerFixed: boolean; newTracker: boolean; policy?: string }): EvidenceReport {
  const withBanner = (name: "pre_consent" | "reject_all" | "gpc") => {
    const s = makeSession(name);
    return options.bannerFixed ? s : { ...s, banner: { ...s.banner, ...hiddenReject } };
  };
  const base = makeEvidence();
  const accept = structuredClone(base.sessions.accept_all!);
  if (!options.bannerFixed) accept.banner = { ...accept.banner, ...hiddenReject };
  // Loaded after the click (t_since_consent_ms > 0): a new tracker, not a new violation.
  if (options.newTracker) accept.requests.push(RecordedRequestSchema.parse(req("https://bat.bing.com/bat.js", { t_since_consent_ms: 700 })));
  const evidence: Evidence = makeEvidence({
    sessions: { pre_consent: withBanner("pre_consent"), reject_all: withBanner("reject_all"), gpc: withBanner("gpc") },
    privacy_policy: { url: "https://www.shop.example/privacy", status: 200, title: "Privacy Policy", text: options.policy ?? COMPLETE_POLICY },
  });
  evidence.sessions.accept_all = accept;
  return EvidenceReportSchema.parse(analyzeEvidence(evidence, { ...opts, scanId: "scan" }));
}

const types = (list: { violation_type: string }[]) => list.map((v) => v.violation_type).sort();

describe("diffReports on a site that changes between runs", () => {
  const r1 = run({ bannerFixed: false, newTracker: false });
  const r2 = run({ bannerFixed: false, newTracker: true });
  const r3 = run({ bannerFixed: true, newTracker: true });

  it("the fixtures break what they say (guards the assertions below)", () => {
    expect(types(r1.framework_results.flatMap((r) => r.violations.filter((v) => v.status === "violation")))).toContain("NO_REJECT_OPTION");
    expect(r3.violations.some((v) => v.violation_type === "NO_REJECT_OPTION")).toBe(false);
    expect(r1.consent_verdict.reject_on_first_layer).toBe(false);
  });

  it("a tracker added in one visitor: that tracker in that visitor, nothing else", () => {
    const d = MonitorDiffSchema.parse(diffReports({ scanId: BASE_ID, report: r1 }, r2));
    const bing = r2.trackers.find((t) => t.domains.some((dom) => dom.endsWith("bing.com")));
    expect(bing?.entity).toBeTruthy();
    expect(d.trackers).toEqual([{ session: "accept_all", added: [bing!.entity], removed: [] }]);
    expect(d).toMatchObject({ base_scan_id: BASE_ID, changed: true, new: [], fixed: [], verdict_changes: [], policy: { changed: false, diff: [] } });
    expect(d.unchanged.length).toBeGreaterThan(0);
  });

  it("the banner fixed: NO_REJECT_OPTION fixed in both frameworks, reject_on_first_layer false → true, grade B → A", () => {
    const d = MonitorDiffSchema.parse(diffReports({ scanId: BASE_ID, report: r2 }, r3));
    expect(d.new).toEqual([]);
    expect(new Set(d.fixed.map((v) => v.violation_type))).toEqual(new Set(["NO_REJECT_OPTION"]));
    expect(d.fixed.map((v) => v.framework).sort()).toEqual(["CCPA", "GDPR"]);
    expect(d.fixed.every((v) => v.parties.length === 0)).toBe(true);
    // The score rose past a band (85 → 100), so the grade changed too: B → A.
    expect(d.verdict_changes).toEqual([
      { verdict: "consent.reject_on_first_layer", before: false, after: true },
      { verdict: "grade", before: "B", after: "A" },
    ]);
    expect(d.trackers).toEqual([]);
    expect(d.policy.changed).toBe(false);
    expect(d).toMatchObject({ changed: true, score_before: r2.compliance_score.score, score_after: r3.compliance_score.score });
  });

  it("identical reports: changed false, everything unchanged", () => {
    const again = run({ bannerFixed: false, newTracker: true });
    const d = diffReports({ scanId: BASE_ID, report: r2 }, again);
    expect(d).toMatchObject({ changed: false, new: [], fixed: [], trackers: [], verdict_changes: [], policy: { changed: false } });
    expect(d.unchanged).toHaveLength(r2.framework_results.flatMap((r) => r.violations).filter((v) => v.status === "violation").length);
  });

  it("first run: every finding new, no tracker/verdict/policy change, base null", () => {
    const d = MonitorDiffSchema.parse(diffReports(null, r1));
    expect(d.base_scan_id).toBeNull();
    expect(d.new.length).toBe(r1.framework_results.flatMap((r) => r.violations).filter((v) => v.status === "violation").length);
    expect(d).toMatchObject({ changed: true, fixed: [], unchanged: [], trackers: [], verdict_changes: [], score_before: null, policy: { changed: false, url_before: null, url_after: "https://www.shop.example/privacy" } });
    // A clean site's first run has nothing to alert about.
    const clean = diffReports(null, run({ bannerFixed: true, newTracker: false }));
    expect(clean).toMatchObject({ changed: false, new: [] });
  });

  it("a visitor that was not recorded in one run is skipped, not read as every tracker removed", () => {
    const broken = structuredClone(r2);
    broken.session_summary.sessions = broken.session_summary.sessions.map((s) => (s.session === "accept_all" ? { ...s, recorded: false } : s));
    broken.trackers = broken.trackers.map((t) => ({ ...t, sessions: { ...t.sessions, accept_all: 0 } }));
    expect(diffReports({ scanId: BASE_ID, report: r2 }, broken).trackers).toEqual([]);
    // And recorded but empty is a real removal.
    const empty = structuredClone(r2);
    empty.trackers = empty.trackers.map((t) => ({ ...t, sessions: { ...t.sessions, accept_all: 0 } }));
    const d = diffReports({ scanId: BASE_ID, report: r2 }, empty);
    expect(d.trackers).toEqual([{ session: "accept_all", added: [], removed: r2.trackers.filter((t) => t.sessions.accept_all > 0).map((t) => t.entity).sort() }]);
  });

  it("uses top-level violations for reports older than framework_results, and ignores inconclusive ones", () => {
    const old = { ...structuredClone(r1), framework_results: [] };
    const gdprOnly = old.violations.filter((v) => v.status === "violation");
    expect(diffReports(null, old).new).toHaveLength(gdprOnly.length);
    const inconclusive = { ...old, violations: old.violations.map((v) => ({ ...v, status: "inconclusive" as const })) };
    expect(diffReports({ scanId: BASE_ID, report: old }, inconclusive).fixed).toHaveLength(gdprOnly.length);
  });

  it("the same fingerprint twice pairs up one to one", () => {
    const twice = structuredClone(r1);
    twice.framework_results = [];
    const first = twice.violations.find((v) => v.status === "violation")!;
    twice.violations = [first, { ...first, id: "dup" }];
    const once = { ...structuredClone(twice), violations: [first] };
    const d = diffReports({ scanId: BASE_ID, report: once }, twice);
    expect(d.unchanged).toHaveLength(1);
    expect(d.new).toHaveLength(1);
    expect(d.new[0]!.fingerprint).toBe(d.unchanged[0]!.fingerprint);
    expect(diffReports({ scanId: BASE_ID, report: twice }, once).fixed).toHaveLength(1);
  });
});

describe("policy text changes", () => {
  it("a changed sentence gives a short - / + diff with the hashes", () => {
    const edited = COMPLETE_POLICY.replace("We retain data for the retention period stated for each category.", "We keep data for as long as we like.");
    const a = run({ bannerFixed: true, newTracker: false });
    const b = run({ bannerFixed: true, newTracker: false, policy: edited });
    const d = diffReports({ scanId: BASE_ID, report: a }, b);
    expect(d.policy).toMatchObject({
      changed: true,
      diff: ["- We retain data for the retention period stated for each category.", "+ We keep data for as long as we like."],
      diff_truncated: false,
      sha256_before: a.privacy_policy_snapshot!.sha256,
      sha256_after: b.privacy_policy_snapshot!.sha256,
    });
    expect(d.policy.sha256_before).not.toBe(d.policy.sha256_after);
    expect(d.changed).toBe(true);
  });

  it("a rewritten policy is capped at 20 lines of at most 200 characters, marked truncated", () => {
    const long = Array.from({ length: 40 }, (_, i) => `Clause ${i} ${"lorem ipsum ".repeat(i === 0 ? 40 : 2)}.`).join(" ");
    const a = run({ bannerFixed: true, newTracker: false });
    const b = run({ bannerFixed: true, newTracker: false, policy: long });
    const d = diffReports({ scanId: BASE_ID, report: a }, b);
    expect(d.policy.changed).toBe(true);
    expect(d.policy.diff).toHaveLength(20);
    expect(d.policy.diff_truncated).toBe(true);
    expect(d.policy.diff.every((l) => l.length <= 200 && /^[-+] /.test(l))).toBe(true);
  });

  it("a report without a snapshot whose analysis read a policy (written before snapshots) is not a change", () => {
    const a = run({ bannerFixed: true, newTracker: false });
    const old = { ...structuredClone(a), privacy_policy_snapshot: null };
    expect(diffReports({ scanId: BASE_ID, report: old }, a).policy).toMatchObject({ changed: false, sha256_before: null });
    // A policy that disappeared is a change.
    const gone = { ...structuredClone(a), privacy_policy_snapshot: null, privacy_policy_analysis: { ...a.privacy_policy_analysis, analysed: false, url: null } };
    expect(diffReports({ scanId: BASE_ID, report: a }, gone).policy).toMatchObject({ changed: true, url_after: null, diff: [] });
  });

  it("the sentence diff aligns unchanged sentences and splits long lines", () => {
    expect(splitSentences("One. Two!  Three?\nFour")).toEqual(["One.", "Two!", "Three?", "Four"]);
    expect(shortTextDiff("A. B. C. D.", "A. X. C. D. E.").lines).toEqual(["- B.", "+ X.", "+ E."]);
    expect(shortTextDiff("same", "same")).toEqual({ lines: [], truncated: false });
  });
});

describe("recorded tracky site", () => {
  it("removing one tracker from pre-consent fixes nothing it does not concern", () => {
    const before = EvidenceReportSchema.parse(analyzeEvidence(trackySite(), { ...opts, scanId: "s" }));
    const e = trackySite();
    e.sessions.pre_consent!.requests = e.sessions.pre_consent!.requests.filter((r) => !r.url.includes("hotjar"));
    const after = EvidenceReportSchema.parse(analyzeEvidence(e, { ...opts, scanId: "s" }));
    const d = diffReports({ scanId: BASE_ID, report: before }, after);
    expect(d.trackers).toEqual([{ session: "pre_consent", added: [], removed: ["Hotjar"] }]);
    // SESSION_RECORDING (Hotjar) is fixed; pre-consent tracking changes parties (Hotjar left), so its old fingerprint is fixed and a new one appears.
    expect(types(d.fixed.filter((v) => v.framework === "GDPR"))).toEqual(["SESSION_RECORDING", "TRACKING_BEFORE_CONSENT"]);
    expect(d.new.filter((v) => v.framework === "GDPR").map((v) => [v.violation_type, v.parties])).toEqual([["TRACKING_BEFORE_CONSENT", ["Google Analytics", "Meta"]]]);
    expect(d.unchanged.filter((v) => v.framework === "GDPR").map((v) => v.violation_type).sort()).toEqual(["BROWSER_FINGERPRINTING", "EXCESSIVE_COOKIE_LIFETIME"]);
  });
});
