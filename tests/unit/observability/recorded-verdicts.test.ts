import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EvidenceSchema, type Evidence } from "@/agents/evidence/schema";
import { analyzeEvidence } from "@/agents/observability";
import type { Framework } from "@/lib/schemas/framework";

// Evidence the engine recorded from the test web in a real Chromium, analysed here without one:
// the verdicts the test sites were built to produce.
function recorded(site: string): Evidence {
  const file = path.join(process.cwd(), "tests/fixtures/evidence/recorded", `${site}.evidence.json`);
  return EvidenceSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

function codes(evidence: Evidence, framework: Framework) {
  const report = analyzeEvidence(evidence, { framework, scanId: "recorded", generatedAt: "2026-11-25T12:00:00.000Z" });
  return {
    report,
    violations: new Set(report.violations.filter((v) => v.status === "violation").map((v) => v.violation_type)),
    observations: new Set(report.observations.map((o) => o.violation_type)),
  };
}

describe("recorded evidence from the compliant test site", () => {
  for (const framework of ["GDPR", "CCPA", "UK_GDPR"] as const) {
    it(`has no violations under ${framework}`, () => {
      const { report, violations } = codes(recorded("compliant"), framework);
      expect([...violations]).toEqual([]);
      expect(report.compliance_score.grade).toBe("A");
      expect(report.consent_verdict.banner_found).toBe(true);
    });
  }
});

describe("recorded evidence from the tracky test site", () => {
  const evidence = recorded("tracky");

  it("breaks the opt-in rules under GDPR, with GPC only an observation", () => {
    const { violations, observations, report } = codes(evidence, "GDPR");
    for (const code of ["TRACKING_BEFORE_CONSENT", "NO_CONSENT_MECHANISM", "MISSING_PRIVACY_POLICY", "PII_SHARED_WITH_THIRD_PARTY", "INSECURE_DATA_COLLECTION", "SESSION_RECORDING", "BROWSER_FINGERPRINTING", "EXCESSIVE_COOKIE_LIFETIME"] as const) {
      expect(violations, code).toContain(code);
    }
    expect(violations).not.toContain("GPC_NOT_HONORED");
    expect(observations).toContain("GPC_NOT_HONORED");
    expect(report.compliance_score.grade).toBe("F");
  });

  it("ignores GPC and lacks the opt-out link under CCPA, with tracking before consent only an observation", () => {
    const { violations, observations, report } = codes(evidence, "CCPA");
    expect(violations).toContain("GPC_NOT_HONORED");
    expect(violations).toContain("MISSING_OPT_OUT_LINK");
    expect(violations).not.toContain("TRACKING_BEFORE_CONSENT");
    expect(observations).toContain("TRACKING_BEFORE_CONSENT");
    expect(report.gpc_verdict.verdict).toBe("not_honored");
    expect(report.gpc_verdict.domains_ignoring_gpc.length).toBeGreaterThan(0);
    const gpc = report.violations.find((v) => v.violation_type === "GPC_NOT_HONORED");
    expect(gpc?.penalty?.currency).toBe("USD");
    expect(gpc?.penalty_max_usd).toBe(7988);
  });
});
