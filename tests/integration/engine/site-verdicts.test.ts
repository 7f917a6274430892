import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { runScan } from "@/agents/pipeline";
import type { Framework } from "@/lib/schemas/framework";
import type { FindingCode } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "./helpers";

// End to end in a real Chromium: each test site breaks one rule the way a real site would, and a
// twin honours it. The scan's own evidence is judged, not a fixture.
interface Case {
  host: string;
  framework: Framework;
  expected: FindingCode[];
  absent: FindingCode[];
}

const cases: Case[] = [
  { host: "www.reject-ignored.example", framework: "GDPR", expected: ["REJECT_NOT_HONORED"], absent: ["NO_CONSENT_MECHANISM", "NO_REJECT_OPTION"] },
  { host: "www.accept-only.example", framework: "GDPR", expected: ["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"], absent: ["NO_CONSENT_MECHANISM", "REJECT_NOT_HONORED"] },
  { host: "www.gpc-ignored.example", framework: "CCPA", expected: ["GPC_NOT_HONORED"], absent: ["MISSING_OPT_OUT_LINK", "MISSING_PRIVACY_POLICY"] },
  { host: "www.gpc-honoured.example", framework: "CCPA", expected: [], absent: ["GPC_NOT_HONORED"] },
  { host: "www.broken-optout.example", framework: "CCPA", expected: ["OPT_OUT_LINK_BROKEN"], absent: ["MISSING_OPT_OUT_LINK"] },
  { host: "www.thin-policy.example", framework: "GDPR", expected: ["PRIVACY_POLICY_INCOMPLETE"], absent: ["MISSING_PRIVACY_POLICY", "REJECT_NOT_HONORED"] },
];

describe("verdicts on the test sites, end to end", () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web?.close();
  });

  for (const c of cases) {
    it(`${c.host} under ${c.framework}: ${c.expected.join(", ") || "clean"}`, async () => {
      const request = ScanRequestSchema.parse({ url: web.url(c.host), framework: c.framework, crawl_depth: 1, max_pages: 3 });
      const outcome = await runScan({ scanId: `verdict-${c.host}`, request, outDir: await tempDir("verdict") }, testContext(), {
        hostResolverRules: web.hostResolverRules,
        ignoreHTTPSErrors: true,
        allowPrivateTargets: true,
        pagesPerSession: 1,
        skipPdf: true,
        timeouts: FAST_TIMEOUTS,
      });
      expect(outcome.status, outcome.error?.message).toBe("complete");
      if (!outcome.evidence) throw new Error("no evidence");
      const report = analyzeEvidence(outcome.evidence, { framework: c.framework, scanId: "verdict" });
      const confirmed = new Set(report.violations.filter((v) => v.status === "violation").map((v) => v.violation_type));
      const summary = [...confirmed].join(", ");
      for (const code of c.expected) expect(confirmed.has(code), `${code} missing; found: ${summary}`).toBe(true);
      for (const code of c.absent) expect(confirmed.has(code), `${code} should not be reported; found: ${summary}`).toBe(false);
    });
  }
});
