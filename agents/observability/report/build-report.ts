import type { Evidence } from "@/agents/evidence/schema";
import { frameworkCatalogs, resolveRule } from "@/agents/rules";
import { violationFingerprint } from "@/lib/findings/fingerprint";
import type { RuleEntry } from "@/agents/rules/types";
import type { Framework } from "@/lib/schemas/framework";
import { findingCodes, REPORT_VERSION, type ConsentVerdict, type EvidenceReport, type Observation, type Violation } from "@/lib/schemas/report";
import { buildDetectorContext } from "../context";
import { detectors } from "../detectors";
import { aggregatePenalties } from "../fines/aggregate";
import { computePenalty } from "../fines/compute-penalty";
import { FX_NOTE } from "../fines/fx";
import { computeScore, SCORE_FORMULA } from "../score";
import { trackerDbStatus } from "../trackers/trackerdb";
import type { Finding } from "../types";
import { computeConsentVerdict } from "../verdicts/consent-verdict";
import { cookieTable, pageTable, summariseSessions, trackerTable } from "./inventory";
import { policySnapshot } from "./policy-snapshot";

export const SCANNER_VERSION = "apo-observability/1.0";

export const INCONCLUSIVE_POLICY =
  "Inconclusive findings are listed in violations[] with status 'inconclusive' (or in observations[] when the framework treats the code as an observation); they carry no fine and are never counted in violation_summary totals or the compliance score.";

export interface BuildOptions {
  framework: Framework;
  affectedConsumers?: number;
  annualTurnover?: { amount: number; currency: string };
  scanId: string;
  /** report_metadata.attempt; absent: 1. */
  attempt?: number;
  generatedAt?: string;
  artifacts?: { file: string; kind: string }[];
}

const severityRank = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

function applySeverityAdjustments(rule: RuleEntry, gpcHonored: boolean): RuleEntry {
  if (rule.downgrade_if_gpc_honored && gpcHonored && rule.severity === "HIGH") return { ...rule, severity: "MEDIUM" };
  return rule;
}

function rejectHonored(findings: Finding[], evidence: Evidence): ConsentVerdict["reject_honored"] {
  const reject = findings.find((f) => f.code === "REJECT_NOT_HONORED" && f.status !== "observation");
  if (reject) return reject.status === "inconclusive" ? "inconclusive" : "no";
  const session = evidence.sessions.reject_all;
  if (!session || !session.banner.detected) return "not_tested";
  if (session.banner.action_result !== "success" || session.banner.self_test === false) return "inconclusive";
  return "yes";
}

/** Evidence → findings → rules → violations, fines, score and the full report. Pure. */
export function buildReport(evidence: Evidence, options: BuildOptions): EvidenceReport {
  const catalog = frameworkCatalogs[options.framework];
  const ctx = buildDetectorContext(evidence, options.framework);
  const errors = evidence.errors.map((e) => `${e.stage}: ${e.message}`);
  const findings: Finding[] = [];
  for (const code of findingCodes) {
    try {
      findings.push(...detectors[code](evidence, ctx));
    } catch (error) {
      // One broken detector must not sink the report; the gap is stated in errors.
      errors.push(`observability: detector ${code} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const violations: Violation[] = [];
  const observations: Observation[] = [];
  const conducts = new Map<string, string | undefined>();
  findings.forEach((finding, index) => {
    const rule = applySeverityAdjustments(resolveRule(options.framework, finding.code, evidence.started_at), ctx.gpcVerdict.verdict === "honored");
    const shared = {
      id: `${finding.code}-${index + 1}`,
      rule_id: rule.rule_id,
      framework: options.framework,
      section: rule.section,
      rule_title: rule.title,
      violation_type: finding.code,
      severity: rule.severity,
      confidence: finding.confidence,
      pages: finding.pages,
      description: finding.summary,
      evidence: finding.evidence,
      recommendation: rule.remediation,
    };
    // Computed once, where the report is written, so clients (the compare view, SARIF, baselines) read it.
    const base = { ...shared, fingerprint: violationFingerprint(shared).fingerprint };
    if (finding.status === "observation") {
      observations.push({ ...base, status: "observation", reason: finding.reason ?? rule.reason ?? "Not a violation." });
      return;
    }
    if (rule.treatment === "observation") {
      observations.push({ ...base, status: finding.status === "inconclusive" ? "inconclusive" : "observation", reason: rule.reason ?? "Not a violation under this framework." });
      return;
    }
    if (finding.status === "inconclusive") {
      violations.push({ ...base, status: "inconclusive", penalty_min_usd: null, penalty_max_usd: null, penalty: null, llm_explanation: null, llm_technical_fix: null });
      return;
    }
    const schedule = catalog.penalties[rule.penalty];
    const penalty = schedule
      ? computePenalty(schedule, { affectedConsumers: options.affectedConsumers, annualTurnover: options.annualTurnover, scanDate: evidence.started_at })
      : null;
    const n = Math.max(options.affectedConsumers ?? 1, 1);
    const perViolation = penalty?.regime === "per_violation";
    conducts.set(base.id, rule.conduct);
    violations.push({
      ...base,
      status: "violation",
      penalty_min_usd: penalty ? (perViolation ? (penalty.approximate_usd.min ?? 0) * n : penalty.approximate_usd.min) : null,
      penalty_max_usd: penalty ? (perViolation ? (penalty.approximate_usd.max ?? 0) * n : (penalty.approximate_usd.exposure ?? penalty.approximate_usd.max)) : null,
      penalty,
      llm_explanation: null,
      llm_technical_fix: null,
    });
  });
  violations.sort((a, b) => (a.status === b.status ? 0 : a.status === "violation" ? -1 : 1) || severityRank[a.severity] - severityRank[b.severity]);

  const totals = aggregatePenalties(violations, (v) => conducts.get(v.id), options.affectedConsumers);
  const confirmed = violations.filter((v) => v.status === "violation");
  const byType: Record<string, number> = {};
  for (const v of confirmed) byType[v.violation_type] = (byType[v.violation_type] ?? 0) + 1;
  const sessions = summariseSessions(evidence, ctx);
  const tdb = trackerDbStatus();
  if (!tdb.loaded) errors.push(`observability: TrackerDB unavailable (${tdb.error}); classification used the in-house override map only.`);

  return {
    report_version: REPORT_VERSION,
    report_metadata: {
      scan_id: options.scanId,
      target_url: evidence.target_url,
      final_url: evidence.final_url,
      framework: options.framework,
      framework_name: catalog.name,
      jurisdiction: catalog.jurisdiction,
      generated_at: options.generatedAt ?? new Date().toISOString(),
      scanner_version: SCANNER_VERSION,
      browser_version: evidence.scanner.browser_version,
      visitor_identity: evidence.scanner.identity ?? null,
      evidence_version: evidence.version,
      data_sources: [
        {
          name: "Ghostery TrackerDB (@ghostery/trackerdb)",
          version: tdb.version,
          licence: "CC BY-NC-SA 4.0 (non-commercial; commercial use needs a Ghostery licence)",
          url: "https://github.com/ghostery/trackerdb",
          note: tdb.loaded ? null : "not loaded in this run",
        },
        { name: "APO tracker overrides and cookie-name table", version: "1", licence: "Project data", url: null, note: "Corrections for session replay, CMP and CDN hosts, and well-known cookie names." },
        { name: "APO static FX table", version: null, licence: "Project data", url: null, note: FX_NOTE },
      ],
      score_formula: SCORE_FORMULA,
      fx_note: FX_NOTE,
      completeness: evidence.completeness,
      errors,
      inconclusive_policy: INCONCLUSIVE_POLICY,
      region: evidence.region,
      frameworks: [options.framework],
      attempt: options.attempt ?? 1,
    },
    session_summary: {
      sessions,
      baseline: sessions.find((s) => s.session === "accept_all" && s.recorded) ?? null,
      compliance_gpc_on: sessions.find((s) => s.session === "gpc" && s.recorded) ?? null,
    },
    gpc_verdict: ctx.gpcVerdict,
    consent_verdict: computeConsentVerdict(evidence, rejectHonored(findings, evidence)),
    consent_signals: ctx.consentSignals.report,
    privacy_policy_analysis: ctx.policyAnalysis,
    privacy_policy_snapshot: policySnapshot(evidence),
    compliance_score: computeScore(violations),
    violation_summary: {
      total: confirmed.length,
      inconclusive: violations.filter((v) => v.status === "inconclusive").length,
      observations: observations.length,
      severity_breakdown: {
        HIGH: confirmed.filter((v) => v.severity === "HIGH").length,
        MEDIUM: confirmed.filter((v) => v.severity === "MEDIUM").length,
        LOW: confirmed.filter((v) => v.severity === "LOW").length,
      },
      max_potential_penalty_usd: totals.totalUsd,
      penalty_currency: totals.currency,
      max_potential_penalty: totals.total,
      by_type: byType,
    },
    violations,
    observations,
    trackers: trackerTable(ctx),
    cookies: cookieTable(ctx),
    pages: pageTable(evidence),
    refused_links: evidence.refused_links,
    artifacts: options.artifacts ?? [],
    executive_summary: null,
    // Filled by withFrameworkResults (framework-results.ts): one framework's report does not know the others.
    framework_results: [],
  };
}
