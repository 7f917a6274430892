import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "@/lib/schemas/framework";
import type { FindingCode } from "@/lib/schemas/report";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { codesWithStatus, scanPool, scanTestSite } from "./helpers";

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

// Whole scans, two at a time, on a machine that may be shared: a bound above the default.
describe("verdicts on the test sites, end to end", { timeout: 300_000 }, () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await scans.settled();
    await web?.close();
  });

  // The scans are independent: two run at a time, each test judges its own.
  const scans = scanPool(cases, (c) => scanTestSite(web, c.host, c.framework, { label: "verdict" }));

  for (const c of cases) {
    it(`${c.host} under ${c.framework}: ${c.expected.join(", ") || "clean"}`, async () => {
      const { report } = await scans.get(c);
      const confirmed = codesWithStatus(report, "violation");
      const summary = [...confirmed].join(", ");
      for (const code of c.expected) expect(confirmed.has(code), `${code} missing; found: ${summary}`).toBe(true);
      for (const code of c.absent) expect(confirmed.has(code), `${code} should not be reported; found: ${summary}`).toBe(false);
    });
  }
});
