import type { Evidence } from "@/agents/evidence/schema";
import {
  analyzePolicyWithLlm,
  explainViolationsWithLlm,
  llmReportMetadata,
  mergePolicyAnalysis,
  type LlmClient,
  type MergedPolicyAnalysis,
  type ViolationToExplain,
} from "@/agents/llm";
import type { EvidenceReport, Violation } from "@/lib/schemas/report";
import { disclosuresByFramework } from "./policy/disclosures";

/**
 * The optional model pass over a finished deterministic report. Models add evidence and prose;
 * they never change a verdict, a score or a fine. With no client, or when every call fails, the
 * report comes back unchanged apart from report_metadata.llm saying why.
 */
export async function enrichReportWithLlm(
  report: EvidenceReport,
  evidence: Evidence,
  llm: LlmClient | null,
  reasonIfOff?: string,
): Promise<EvidenceReport> {
  if (!llm) return { ...report, report_metadata: { ...report.report_metadata, llm: llmReportMetadata(null, { reasonIfOff }) } };

  const policy = await enrichPolicy(report, evidence, llm);
  const explained = await explain(report, llm);
  const violations = report.violations.map((v): Violation => {
    const e = explained?.byId.get(v.id);
    return e ? { ...v, llm_explanation: e.llm_explanation, llm_technical_fix: e.llm_technical_fix, llm_provider: e.provider, llm_model: e.model } : v;
  });

  return {
    ...report,
    privacy_policy_analysis: policy
      ? { ...report.privacy_policy_analysis, disclosures: policy.disclosures }
      : report.privacy_policy_analysis,
    violations,
    executive_summary: explained?.summary ?? report.executive_summary ?? null,
    executive_summary_by: explained ? { provider: explained.provider, model: explained.model } : (report.executive_summary_by ?? null),
    report_metadata: { ...report.report_metadata, llm: llmReportMetadata(llm, { policy }) },
  };
}

async function enrichPolicy(report: EvidenceReport, evidence: Evidence, llm: LlmClient): Promise<MergedPolicyAnalysis | null> {
  const analysis = report.privacy_policy_analysis;
  const policyText = evidence.privacy_policy?.text ?? "";
  if (!analysis.analysed || policyText.trim() === "") return null;
  const framework = report.report_metadata.framework;
  const disclosures = disclosuresByFramework[framework].map(({ id, label, citation }) => ({ id, label, citation }));
  const fromModel = await analyzePolicyWithLlm(llm, { framework, policyText, disclosures });
  return mergePolicyAnalysis(analysis.disclosures, fromModel);
}

function toExplain(v: Violation): ViolationToExplain {
  const trackers = [...new Set(v.evidence.requests.map((r) => (r.entity ? `${r.entity} (${new URL(r.url).hostname})` : new URL(r.url).hostname)))];
  const cookies = [...new Set(v.evidence.cookies.map((c) => `${c.name} (${c.domain}${c.lifetime_days !== null ? `, ${Math.round(c.lifetime_days)} days` : ""})`))];
  return {
    id: v.id,
    violation_type: v.violation_type,
    rule_title: v.rule_title,
    citation: v.section,
    evidence_summary: [v.description, ...v.evidence.notes].join(" ").slice(0, 1_500),
    trackers: trackers.slice(0, 12),
    cookies: cookies.slice(0, 12),
  };
}

async function explain(report: EvidenceReport, llm: LlmClient) {
  const confirmed = report.violations.filter((v) => v.status === "violation");
  if (confirmed.length === 0) return null;
  const result = await explainViolationsWithLlm(llm, confirmed.map(toExplain), {
    target_url: report.report_metadata.target_url,
    framework: report.report_metadata.framework_name,
    compliance_score: report.compliance_score.score,
    grade: report.compliance_score.grade,
    violation_summary: report.violation_summary,
  });
  if (!result) return null;
  return {
    byId: new Map(result.explanations.map((e) => [e.id, e])),
    summary: result.executive_summary,
    provider: result.provider,
    model: result.model,
  };
}
