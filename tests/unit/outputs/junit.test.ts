import { describe, expect, it } from "vitest";
import { frameworkCatalogs } from "@/agents/rules";
import { toJunit } from "@/lib/outputs/junit";
import { findingCodes, type EvidenceReport } from "@/lib/schemas/report";
import { analyzeEvidence } from "@/agents/observability";
import { rejectUnproven } from "@/tests/fixtures/evidence/scenarios";
import { HOSTILE, hostileReport, recordedReport } from "./support";
import { childrenNamed, parseXml } from "./xml";

const judged = (framework: "GDPR" | "CCPA") => findingCodes.filter((code) => frameworkCatalogs[framework].rules[code].treatment === "violation");

describe("the test's XML reader", () => {
  it("refuses what is not well-formed", () => {
    expect(parseXml('<a x="1"><b/>t &amp; &#10;</a>').children).toHaveLength(1);
    for (const bad of ["<a>&</a>", "<a><b></a>", "<a>x < y</a>", "<a>\u0007</a>", '<a x="1" x="2"/>', "<a/><b/>", "<a>]]></a>".replace("]]>", "<![CDATA[x]]>")]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe("toJunit", () => {
  const report = recordedReport("tracky", ["GDPR", "CCPA"]);
  const root = parseXml(toJunit(report));
  const suites = childrenNamed(root, "testsuite");

  it("has one suite per framework, one case per rule the framework judges, fired or not", () => {
    expect(root.name).toBe("testsuites");
    expect(suites.map((s) => s.attrs.name)).toEqual(["GDPR", "CCPA"]);
    for (const suite of suites) {
      const framework = suite.attrs.name as "GDPR" | "CCPA";
      const cases = childrenNamed(suite, "testcase");
      expect(cases.map((c) => /\(([A-Z_]+)\)$/.exec(c.attrs.name!)?.[1])).toEqual(judged(framework));
      expect(cases.every((c) => c.attrs.classname === `apo.${framework}`)).toBe(true);
    }
    // GPC is an observation under the GDPR and a rule under the CCPA.
    expect(judged("GDPR")).not.toContain("GPC_NOT_HONORED");
    expect(judged("CCPA")).toContain("GPC_NOT_HONORED");
  });

  it("fails exactly the confirmed violations, with the evidence summary, and counts right", () => {
    let tests = 0;
    let failures = 0;
    for (const [i, suite] of suites.entries()) {
      const result = report.framework_results[i]!;
      const cases = childrenNamed(suite, "testcase");
      const failed = cases.filter((c) => childrenNamed(c, "failure").length > 0);
      const confirmed = new Set(result.violations.filter((v) => v.status === "violation").map((v) => v.violation_type));
      expect(new Set(failed.map((c) => /\(([A-Z_]+)\)$/.exec(c.attrs.name!)?.[1]))).toEqual(confirmed);
      expect(suite.attrs).toMatchObject({ tests: String(cases.length), failures: String(failed.length), errors: "0", skipped: "0" });
      tests += cases.length;
      failures += failed.length;
    }
    expect(root.attrs).toMatchObject({ tests: String(tests), failures: String(failures) });

    const tbc = childrenNamed(suites[0]!, "testcase").find((c) => c.attrs.name!.endsWith("(TRACKING_BEFORE_CONSENT)"))!;
    const failure = childrenNamed(tbc, "failure")[0]!;
    const v = report.framework_results[0]!.violations.find((x) => x.violation_type === "TRACKING_BEFORE_CONSENT")!;
    expect(failure.attrs.message).toBe(v.description);
    expect(failure.text).toContain("Requests:");
    expect(failure.text).toContain(v.evidence.requests[0]!.url.slice(0, 100));
    expect(failure.text).toContain(`Fingerprint: ${v.fingerprint}`);
    expect(failure.text).toContain("ePrivacy Directive Art. 5(3)");
  });

  it("names the scan, target and score in each suite's properties", () => {
    const props = Object.fromEntries(childrenNamed(childrenNamed(suites[1]!, "properties")[0]!, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ scan_id: "scan-recorded", target_url: report.report_metadata.target_url, score: String(report.framework_results[1]!.compliance_score.score) });
  });

  it("skips an inconclusive finding instead of failing it", () => {
    const unproven = analyzeEvidence(rejectUnproven(), { scanId: "s", framework: "GDPR", generatedAt: "2026-03-02T10:05:00.000Z" });
    const suite = childrenNamed(parseXml(toJunit(unproven)), "testsuite")[0]!;
    const reject = childrenNamed(suite, "testcase").find((c) => c.attrs.name!.endsWith("(REJECT_NOT_HONORED)"))!;
    expect(childrenNamed(reject, "skipped")[0]!.attrs.message).toMatch(/^inconclusive: /);
    expect(suite.attrs).toMatchObject({ failures: "0", skipped: "1" });
  });

  it("reads a report older than multi-framework scans (no framework_results) as one suite", () => {
    const old: EvidenceReport = { ...recordedReport("tracky", ["GDPR"]), framework_results: [] };
    expect(childrenNamed(parseXml(toJunit(old)), "testsuite").map((s) => s.attrs.name)).toEqual(["GDPR"]);
  });

  it("keeps hostile site text as text: well-formed, no control characters, markup and ]]> escaped", () => {
    const xml = toJunit(hostileReport());
    const parsed = parseXml(xml); // fails on anything not well-formed, or a character XML forbids
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;");
    expect(xml).not.toContain("]]>");
    const failure = childrenNamed(childrenNamed(childrenNamed(parsed, "testsuite")[0]!, "testcase").find((c) => c.attrs.name!.endsWith("(TRACKING_BEFORE_CONSENT)"))!, "failure")[0]!;
    expect(failure.attrs.message).toContain("]]> <script>alert(1)</script>");
    expect(failure.text).toContain('& "q"');
    expect(HOSTILE).toMatch(/\u0000/);
    expect(failure.text).not.toMatch(/[\u0000-\u0008\u001b\u0085]/);
  });
});
