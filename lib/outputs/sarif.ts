import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport, FindingCode, Severity, Violation } from "@/lib/schemas/report";
import { escapeMarkdown, oneLine, withoutControls } from "./text";
import { absoluteUri, siteRelativeUri } from "./uri";
import { findingPage, fingerprintOf, frameworkVerdicts } from "./verdicts";

/**
 * The report as SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers: one rule per
 * finding code that appears, one result per confirmed violation of every framework judged.
 *
 * Choices, and why:
 * - Location: the violation's page as a scheme-less `host/path` reference (see siteRelativeUri):
 *   GitHub rejects an upload whose locations are `https:` URLs, and shows each alert at its location,
 *   so that page must stay the same across runs (see findingPage). The full URL is in the message
 *   and `properties.page_url`. `uriStyle: "absolute"` writes the URL itself, for other viewers.
 * - `partialFingerprints["apoFingerprint/v1"]` is the finding's stable fingerprint (lib/findings),
 *   so code scanning matches a finding across runs (new, still open, fixed) whatever its wording.
 * - Inconclusive findings are left out by default: code scanning shows every result as an open
 *   alert whatever its level, and an unproven finding is not a failure. `includeInconclusive`
 *   adds them as `kind: "review"`, `level: "none"` (SARIF's "needs a human to look").
 * - Plain-text messages escape `[` and `]` (SARIF §3.11.5): a site's text such as
 *   `[click](https://…)` would otherwise be an embedded link in viewers that render them.
 * - `automationDetails.id` is `apo/<host>/`, so code scanning keeps the alerts of scans of several
 *   sites in one repository apart instead of closing one site's alerts with the next site's run.
 */
export interface SarifOptions {
  /** The APO version, as `tool.driver.semanticVersion`. */
  toolVersion?: string;
  /** Keep only results with these fingerprints (baselines: only what is new). */
  onlyFingerprints?: ReadonlySet<string>;
  /** A page describing APO, as `tool.driver.informationUri` (absent when not given). */
  informationUri?: string;
  includeInconclusive?: boolean;
  uriStyle?: "site-relative" | "absolute";
}

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SARIF_FINGERPRINT_KEY = "apoFingerprint/v1";

export type SarifLevel = "error" | "warning" | "note" | "none";
interface SarifMessage {
  text: string;
  markdown?: string;
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; frameworks: Record<string, { rule_id: string; title: string; citation: string; severity: Severity }> };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: "fail" | "review";
  level: SarifLevel;
  message: SarifMessage;
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: "APO"; informationUri?: string; semanticVersion?: string; version: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; endTimeUtc?: string; toolExecutionNotifications?: { level: SarifLevel; message: SarifMessage }[] }[];
    results: SarifResult[];
    properties: Record<string, unknown>;
  }[];
}

const LEVEL: Record<Severity, SarifLevel> = { HIGH: "error", MEDIUM: "warning", LOW: "note" };
const SEVERITY_RANK: Record<Severity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

export function toSarif(report: EvidenceReport, options: SarifOptions = {}): SarifLog {
  const m = report.report_metadata;
  const findings = frameworkVerdicts(report)
    .flatMap((verdict) => verdict.violations)
    .filter((v) => v.status === "violation" || (options.includeInconclusive === true && v.status === "inconclusive"))
    .filter((v) => !options.onlyFingerprints || options.onlyFingerprints.has(fingerprintOf(v)));

  const rules = rulesFor(findings);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const locate = options.uriStyle === "absolute" ? absoluteUri : siteRelativeUri;

  const results = findings.map((v): SarifResult => {
    const page = findingPage(v, report);
    const inconclusive = v.status === "inconclusive";
    return {
      ruleId: v.violation_type,
      ruleIndex: ruleIndex.get(v.violation_type)!,
      kind: inconclusive ? "review" : "fail",
      level: inconclusive ? "none" : LEVEL[v.severity],
      message: { text: `${plain(`${inconclusive ? "Inconclusive: " : ""}${v.description}`)} (${v.framework}: ${plain(v.section)}) Page: ${plain(page)}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: locate(page) } } }],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprintOf(v) },
      properties: {
        framework: v.framework,
        severity: v.severity,
        confidence: v.confidence,
        status: v.status,
        citation: v.section,
        catalog_rule_id: v.rule_id,
        page_url: page,
        pages: v.pages,
        penalty: v.penalty ? { currency: v.penalty.currency, regime: v.penalty.regime, max: v.penalty.max, exposure: v.penalty.exposure, citation: v.penalty.citation } : null,
        penalty_max_usd: v.penalty_max_usd,
      },
    };
  });

  const endTime = Date.parse(m.generated_at);
  return withoutControlsDeep({
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "APO",
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            ...(options.toolVersion ? { semanticVersion: options.toolVersion } : {}),
            version: m.scanner_version,
            rules,
          },
        },
        automationDetails: { id: `apo/${siteRelativeUri(m.target_url).split("/")[0]}/` },
        invocations: [
          {
            executionSuccessful: true,
            ...(Number.isNaN(endTime) ? {} : { endTimeUtc: new Date(endTime).toISOString() }),
            ...(m.errors.length > 0 ? { toolExecutionNotifications: m.errors.map((e) => ({ level: "warning" as const, message: { text: plain(e) } })) } : {}),
          },
        ],
        results,
        properties: {
          scan_id: m.scan_id,
          target_url: m.target_url,
          final_url: m.final_url,
          report_version: report.report_version,
          completeness: m.completeness,
          compliance: frameworkVerdicts(report).map((f) => ({ framework: f.framework, primary: f.primary, score: f.compliance_score.score, grade: f.compliance_score.grade })),
        },
      },
    ],
  });
}

/** A SARIF plain-text message: one line, literal brackets escaped so none reads as an embedded link. */
function plain(text: string): string {
  return oneLine(text).replace(/[[\]]/g, "\\$&");
}

/** Every string in the log without control characters: page URLs and descriptions come from the site. */
function withoutControlsDeep<T>(value: T): T {
  if (typeof value === "string") return withoutControls(value) as T;
  if (Array.isArray(value)) return value.map(withoutControlsDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControlsDeep(v)])) as T;
  return value;
}

/** One rule per finding code among the findings, with its title, remediation and citation per framework. */
function rulesFor(findings: readonly Violation[]): SarifRule[] {
  const byCode = new Map<FindingCode, Map<Framework, Violation>>();
  for (const v of findings) {
    const frameworks = byCode.get(v.violation_type) ?? new Map<Framework, Violation>();
    if (!frameworks.has(v.framework)) frameworks.set(v.framework, v);
    byCode.set(v.violation_type, frameworks);
  }
  return [...byCode].map(([code, frameworks]) => {
    const entries = [...frameworks.values()];
    const first = entries[0]!;
    const highest = entries.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a)).severity;
    const remedies = [...new Set(entries.map((v) => oneLine(v.recommendation)))];
    const citations = entries.map((v) => `${v.framework}: ${v.section} (${v.rule_title})`);
    return {
      id: code,
      name: code.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase()),
      shortDescription: { text: plain(first.rule_title) },
      fullDescription: { text: `${plain(first.rule_title)} (${code}). Legal basis: ${plain(citations.join("; "))}.` },
      help: {
        text: `${remedies.map(plain).join("\n\n")}\n\nLegal basis:\n${citations.map((c) => `- ${plain(c)}`).join("\n")}`,
        markdown: [
          `**How to fix**`,
          "",
          ...remedies.map((r) => escapeMarkdown(r)).join("\n\n").split("\n"),
          "",
          `**Legal basis**`,
          "",
          ...entries.map((v) => `- **${v.framework}**: ${escapeMarkdown(v.section)} (${escapeMarkdown(v.rule_title)})`),
        ].join("\n"),
      },
      defaultConfiguration: { level: LEVEL[highest] },
      properties: {
        tags: ["privacy", ...frameworks.keys()],
        frameworks: Object.fromEntries(entries.map((v) => [v.framework, { rule_id: v.rule_id, title: v.rule_title, citation: v.section, severity: v.severity }])),
      },
    };
  });
}
