import { describe, expect, it } from "vitest";
import type { Evidence } from "@/agents/evidence/schema";
import { analyzeEvidence, renderReportHtml } from "@/agents/observability";
import { makeEvidence, makeSession } from "@/tests/fixtures/evidence/make-evidence";

// Banners in shadow roots and frames, judged from recorded evidence without a browser.

const CLOSED = { kind: "shadow_root", shadow_host: "privacy-shell#consent-manager", shadow_mode: "closed", frame_url: null } as const;
const FRAME = { kind: "frame", shadow_host: null, shadow_mode: null, frame_url: "https://consent.framecmp.example/dialog.html" } as const;

/** Every visitor saw a host in a closed shadow root and could read nothing in it. */
function closedShadowBanner(): Evidence {
  const sessions = Object.fromEntries(
    (["pre_consent", "accept_all", "reject_all", "gpc"] as const).map((name) => {
      const s = makeSession(name);
      const acting = name === "accept_all" || name === "reject_all";
      s.banner = {
        detected: true,
        method: "heuristic",
        buttons: [],
        reject_on_first_layer: null,
        clicks_to_accept: null,
        clicks_to_reject: null,
        action: s.banner.action,
        action_result: acting ? "failed" : "not_attempted",
        screenshot_before: `screenshots/${name}-banner-before.png`,
        container: CLOSED,
        inoperable_reason: "the banner is inside a closed shadow root (privacy-shell#consent-manager): its text and controls cannot be read",
      };
      return [name, s];
    }),
  );
  return makeEvidence({ sessions });
}

function report(evidence: Evidence) {
  const r = analyzeEvidence(evidence, { framework: "GDPR", scanId: "hidden", generatedAt: "2026-12-04T12:00:00.000Z" });
  const of = (status: string) => new Set(r.violations.filter((v) => v.status === status).map((v) => v.violation_type));
  return { r, confirmed: of("violation"), inconclusive: of("inconclusive") };
}

describe("a banner seen in a closed shadow root", () => {
  it("is never a NO_REJECT_OPTION violation: the question is reported inconclusive", () => {
    const { r, confirmed, inconclusive } = report(closedShadowBanner());
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(false);
    expect(inconclusive.has("NO_REJECT_OPTION")).toBe(true);
    const entry = r.violations.find((v) => v.violation_type === "NO_REJECT_OPTION");
    expect(entry?.penalty).toBeNull();
    expect(entry?.evidence.signals.shadow_host).toBe("privacy-shell#consent-manager");
    expect(r.violation_summary.by_type.NO_REJECT_OPTION).toBeUndefined();
  });

  it("is a banner (no NO_CONSENT_MECHANISM), and whether reject is honoured is inconclusive", () => {
    const { r, confirmed } = report(closedShadowBanner());
    expect(confirmed.has("NO_CONSENT_MECHANISM")).toBe(false);
    expect(r.consent_verdict.banner_found).toBe(true);
    expect(r.consent_verdict.reject_honored).toBe("inconclusive");
    expect(r.consent_verdict.banner_container).toEqual(CLOSED);
    expect(r.consent_verdict.banner_inoperable_reason).toMatch(/closed shadow root/);
    expect(r.consent_verdict.summary).toMatch(/could be seen but not operated/);
  });

  it("shows where the banner lives in the HTML report", () => {
    const html = renderReportHtml(report(closedShadowBanner()).r);
    expect(html).toContain("Banner location: shadow root");
    expect(html).toContain("privacy-shell#consent-manager");
    expect(html).toContain("(closed)");
  });
});

describe("a readable banner in a cross-origin frame", () => {
  function framedAcceptOnly(): Evidence {
    const reject = makeSession("reject_all");
    reject.banner = {
      ...reject.banner,
      method: "heuristic",
      cmp: null,
      buttons: [
        { text: "Accept all", role: "accept", layer: 1 },
        { text: "Customise", role: "settings", layer: 1 },
      ],
      reject_on_first_layer: false,
      clicks_to_reject: 2,
      self_test: null,
      container: FRAME,
    };
    return makeEvidence({ sessions: { reject_all: reject } });
  }

  it("is judged like any banner: no first-layer reject is a NO_REJECT_OPTION violation", () => {
    const { r, confirmed } = report(framedAcceptOnly());
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(true);
    const entry = r.violations.find((v) => v.violation_type === "NO_REJECT_OPTION");
    expect(entry?.evidence.signals.frame_url).toBe(FRAME.frame_url);
    expect(r.consent_verdict.summary).toContain("in a frame from https://consent.framecmp.example/dialog.html");
  });

  it("whose controls did not respond does not turn a click count into a violation", () => {
    const e = framedAcceptOnly();
    const reject = e.sessions.reject_all;
    if (!reject) throw new Error("no reject session");
    reject.banner = {
      ...reject.banner,
      buttons: [
        { text: "Accept all", role: "accept", layer: 1 },
        { text: "Reject all", role: "reject", layer: 1 },
      ],
      reject_on_first_layer: true,
      clicks_to_reject: 3,
      action_result: "failed",
      inoperable_reason: "the banner stayed after its reject control was clicked",
    };
    const { confirmed, r } = report(e);
    expect(confirmed.has("NO_REJECT_OPTION")).toBe(false);
    expect(r.consent_verdict.reject_honored).toBe("inconclusive");
  });
});

describe("older evidence without a container", () => {
  it("still parses, and the report says nothing about a location", () => {
    const { r } = report(makeEvidence());
    expect(r.consent_verdict.banner_container).toBeNull();
    expect(renderReportHtml(r)).not.toContain("Banner location");
  });
});
