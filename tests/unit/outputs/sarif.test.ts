import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeEvidence } from "@/agents/observability";
import { violationFingerprint } from "@/lib/findings/fingerprint";
import { SARIF_FINGERPRINT_KEY, SARIF_SCHEMA_URI, toSarif, type SarifLog } from "@/lib/outputs/sarif";
import { siteRelativeUri } from "@/lib/outputs/uri";
import type { EvidenceReport } from "@/lib/schemas/report";
import { rejectUnproven } from "@/tests/fixtures/evidence/scenarios";
import { sampleReport } from "@/tests/unit/support/sample-report";
import { HOSTILE, hostileReport, recordedReport } from "./support";

// The official OASIS schema (tests/fixtures/schemas/README.md), draft-04: ajv reads it as draft-07
// once its top-level `id` is `$id`; the formats it names are checked here as RFC 3986 / 3339 define them.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const isUriReference = (s: string) => URI_CHARS.test(s) && (SCHEME.test(s) || (!s.split(/[/?#]/)[0]!.includes(":") && !/[[\]]/.test(s)));

let validate: ValidateFunction;
beforeAll(() => {
  const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(path.join(process.cwd(), "tests/fixtures/schemas/sarif-schema-2.1.0.json"), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("uri", (s: string) => SCHEME.test(s) && URI_CHARS.test(s));
  ajv.addFormat("uri-reference", isUriReference);
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
  validate = ajv.compile({ ...schema, $id: id as string });
});

function expectValidSarif(log: SarifLog): void {
  // Validate what a file would hold, not the in-memory object.
  const ok = validate(JSON.parse(JSON.stringify(log)));
  expect(ok, JSON.stringify(validate.errors, null, 1)).toBe(true);
}

const confirmed = (r: EvidenceReport) => r.framework_results.flatMap((f) => f.violations).filter((v) => v.status === "violation");

describe("toSarif", () => {
  const report = recordedReport("tracky", ["GDPR", "CCPA"]);
  const log = toSarif(report, { toolVersion: "0.1.0" });
  const run = log.runs[0]!;

  it("validates against the official SARIF 2.1.0 schema, and the schema catches a broken log", () => {
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe("2.1.0");
    expectValidSarif(log);
    expectValidSarif(toSarif(sampleReport()));
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    broken.runs[0]!.results[0]!.level = "critical";
    expect(validate(broken)).toBe(false);
    broken.runs[0]!.results[0]!.level = "error";
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = "www.shop.example:8080/a b";
    expect(validate(broken)).toBe(false);
  });

  it("gives one result per confirmed violation of every framework, with its level, message and properties", () => {
    const violations = confirmed(report);
    expect(new Set(violations.map((v) => v.framework))).toEqual(new Set(["GDPR", "CCPA"]));
    expect(run.results).toHaveLength(violations.length);
    for (const v of violations) {
      const result = run.results.find((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY] === v.fingerprint);
      expect(result, `${v.framework}/${v.violation_type}`).toBeDefined();
      expect(result!.ruleId).toBe(v.violation_type);
      expect(run.tool.driver.rules[result!.ruleIndex]!.id).toBe(v.violation_type);
      expect(result!.level).toBe({ HIGH: "error", MEDIUM: "warning", LOW: "note" }[v.severity]);
      expect(result!.message.text).toContain(v.framework);
      expect(result!.message.text).toContain(v.section);
      expect(result!.properties).toMatchObject({ framework: v.framework, severity: v.severity, confidence: v.confidence });
    }
  });

  it("has one rule per finding code that appears, with remediation and each framework's citation", () => {
    const codes = new Set(confirmed(report).map((v) => v.violation_type));
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual([...codes].sort());
    expect(run.tool.driver).toMatchObject({ name: "APO", semanticVersion: "0.1.0" });
    const tbc = run.tool.driver.rules.find((r) => r.id === "TRACKING_BEFORE_CONSENT")!;
    expect(tbc.properties.tags).toContain("GDPR");
    expect(tbc.help.text).toContain("ePrivacy Directive Art. 5(3)");
    expect(tbc.help.text).toContain("Block every non-essential tag");
    expect(tbc.defaultConfiguration.level).toBe("error");
    const gpc = run.tool.driver.rules.find((r) => r.id === "GPC_NOT_HONORED")!;
    expect(gpc.properties.tags).toEqual(["privacy", "CCPA"]);
    expect(gpc.help.markdown).toContain("**CCPA**");
  });

  it("locates each result at its page as host/path, a reference GitHub code scanning accepts", () => {
    for (const result of run.results) {
      const uri = result.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri.startsWith("www.tracky.example/"), uri).toBe(true);
      expect(result.properties.page_url).toMatch(/^https?:\/\/www\.tracky\.example\//);
    }
    expect(siteRelativeUri("http://127.0.0.1:8080/a b|c?x=1#f")).toBe("127.0.0.1_8080/a%20b%7Cc");
    expect(siteRelativeUri("http://[::1]:3000/")).toBe("__1_3000/");
    expect(isUriReference(siteRelativeUri("http://[::1]:3000/x:y"))).toBe(true);
    expect(toSarif(report, { uriStyle: "absolute" }).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^https?:\/\/www\.tracky\.example\//);
    expect(run.automationDetails.id).toBe("apo/www.tracky.example/");
  });

  it("keeps fingerprints and locations across two scans of the same site, also for reports without stored fingerprints", () => {
    const again = recordedReport("tracky", ["GDPR", "CCPA"], "scan-later");
    // A later run: pages found in another order, descriptions reworded, written before fingerprints existed.
    const reworded: EvidenceReport = {
      ...again,
      framework_results: again.framework_results.map((f) => ({
        ...f,
        violations: f.violations.map(({ fingerprint: _fp, ...v }) => ({ ...v, pages: [...v.pages].reverse(), description: `Reworded: ${v.description}` })),
      })),
    };
    const key = (l: SarifLog) => l.runs[0]!.results.map((r) => `${r.ruleId} ${r.partialFingerprints[SARIF_FINGERPRINT_KEY]} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`).sort();
    expect(key(toSarif(reworded))).toEqual(key(log));
    expect(new Set(run.results.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY])).size).toBe(run.results.length);
    for (const v of confirmed(report)) expect(v.fingerprint).toBe(violationFingerprint(v).fingerprint);
  });

  it("keeps only the results named by onlyFingerprints (baselines), and their rules", () => {
    const one = run.results.find((r) => r.ruleId === "GPC_NOT_HONORED")!;
    const only = toSarif(report, { onlyFingerprints: new Set([one.partialFingerprints[SARIF_FINGERPRINT_KEY]!]) });
    expect(only.runs[0]!.results.map((r) => r.ruleId)).toEqual(["GPC_NOT_HONORED"]);
    expect(only.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["GPC_NOT_HONORED"]);
    const none = toSarif(report, { onlyFingerprints: new Set() });
    expect(none.runs[0]!.results).toEqual([]);
    expectValidSarif(none);
  });

  it("leaves inconclusive findings out unless asked, then marks them for review", () => {
    const unproven = analyzeEvidence(rejectUnproven(), { scanId: "s", framework: "GDPR", generatedAt: "2026-03-02T10:05:00.000Z" });
    expect(unproven.violations.map((v) => v.status)).toEqual(["inconclusive"]);
    expect(toSarif(unproven).runs[0]!.results).toEqual([]);
    const review = toSarif(unproven, { includeInconclusive: true });
    expect(review.runs[0]!.results.map((r) => [r.ruleId, r.kind, r.level])).toEqual([["REJECT_NOT_HONORED", "review", "none"]]);
    expectValidSarif(review);
  });

  it("carries hostile site text as data: valid SARIF, no control characters, the text still readable", () => {
    const hostile = toSarif(hostileReport());
    expectValidSarif(hostile);
    const json = JSON.stringify(hostile);
    expect(json).not.toMatch(/\\u00[01][0-9a-f]|\\ud[89ab]|[\u007f-\u009f]/i);
    const text = hostile.runs[0]!.results[0]!.message.text;
    expect(text).toContain("\\]\\]> <script>alert(1)</script>");
    expect(text).toContain("\\[click\\](javascript:alert(1))");
    expect(text).not.toMatch(/(?<!\\)[[\]]/);
    expect(text).not.toMatch(/[\r\n]/);
    expect(HOSTILE).toContain("\u0000");
    const atHostilePage = hostile.runs[0]!.results.find((r) => String(r.properties.page_url).includes("a|b"))!;
    const uri = atHostilePage.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toBe("www.tracky.example/a%7Cb%3Cc%3E%60d%25zz");
  });
});
