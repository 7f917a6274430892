import { z } from "zod";
import type { LlmClient, LlmProvider } from "./types";

export interface ViolationToExplain {
  id: string;
  violation_type: string;
  rule_title: string;
  citation: string;
  evidence_summary: string;
  /** Tracker entities or domains involved, e.g. "Google Analytics (www.google-analytics.com)". */
  trackers: string[];
  cookies: string[];
}

export interface ViolationExplanation {
  id: string;
  llm_explanation: string;
  llm_technical_fix: string;
  provider: LlmProvider;
  model: string;
  model_written: true;
}

export interface ExplanationResult {
  explanations: ViolationExplanation[];
  executive_summary: string;
  provider: LlmProvider;
  model: string;
  model_written: true;
}

const BATCH = 12;
const LIMITS = { explanation: 600, fix: 1200, summary: 1500 };

const ExplanationItem = z.object({
  id: z.string(),
  llm_explanation: z.string().describe("Two plain-English sentences, no legal or technical jargon."),
  llm_technical_fix: z.string().describe("A concrete engineering fix naming the tags, scripts and cookies involved."),
});
const FirstBatchSchema = z.object({
  explanations: z.array(ExplanationItem),
  executive_summary: z.string().describe("Three to five sentences for an executive."),
});
const LaterBatchSchema = z.object({ explanations: z.array(ExplanationItem) });

const SYSTEM = [
  "You write the plain-language parts of a privacy compliance report. The findings are already decided; do not add, remove or re-judge any.",
  "For each violation id: llm_explanation is exactly two sentences a non-specialist understands (what the site does, why it matters to visitors), no jargon;",
  "llm_technical_fix is a concrete engineering change that names the trackers, tags and cookies listed for that violation (e.g. gate the tag behind consent in the tag manager, stop setting the cookie before opt-in, honour Sec-GPC).",
  "Use only facts from the documents. Return one entry per violation id given.",
].join("\n");

// Model text goes into HTML and PDF reports: strip control characters and bound its length.
function tidy(text: string, max: number): string {
  const cleaned = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1).trimEnd()}…` : cleaned;
}

/**
 * Explanations, fixes and an executive summary, all marked as model-written. Null when the first
 * call (the one that also writes the summary) gets no valid answer; later batches that fail just
 * leave their violations without explanations.
 */
export async function explainViolationsWithLlm(
  client: LlmClient,
  violations: readonly ViolationToExplain[],
  reportSummary: Record<string, unknown>,
): Promise<ExplanationResult | null> {
  const known = new Map(violations.map((v) => [v.id, v]));
  const explanations: ViolationExplanation[] = [];
  let summary: { text: string; provider: LlmProvider; model: string } | null = null;

  const accept = (items: z.infer<typeof ExplanationItem>[], provider: LlmProvider, model: string) => {
    for (const item of items) {
      if (!known.has(item.id) || explanations.some((e) => e.id === item.id)) continue;
      const explanation = tidy(item.llm_explanation, LIMITS.explanation);
      const fix = tidy(item.llm_technical_fix, LIMITS.fix);
      if (!explanation || !fix) continue;
      explanations.push({ id: item.id, llm_explanation: explanation, llm_technical_fix: fix, provider, model, model_written: true });
    }
  };

  const batches: ViolationToExplain[][] = [];
  for (let i = 0; i < Math.max(violations.length, 1); i += BATCH) batches.push(violations.slice(i, i + BATCH));
  for (const [index, batch] of batches.entries()) {
    const untrusted = [{ label: "violations", content: JSON.stringify(batch, null, 1) }];
    const base = {
      agent: "observability" as const,
      system: SYSTEM,
      maxOutputTokens: 8192,
    };
    if (index === 0) {
      const result = await client.structured({
        ...base,
        purpose: `explain ${violations.length} violation(s) in plain English and summarise the report`,
        untrusted: [...untrusted, { label: "report_summary", content: JSON.stringify(reportSummary, null, 1) }],
        schema: FirstBatchSchema,
        schemaName: "write_explanations",
      });
      if (!result) return null;
      const text = tidy(result.value.executive_summary, LIMITS.summary);
      if (!text) return null;
      summary = { text, provider: result.provider, model: result.model };
      accept(result.value.explanations, result.provider, result.model);
    } else {
      const result = await client.structured({
        ...base,
        purpose: `explain violations ${index * BATCH + 1}–${index * BATCH + batch.length} in plain English`,
        untrusted,
        schema: LaterBatchSchema,
        schemaName: "write_explanations",
      });
      if (result) accept(result.value.explanations, result.provider, result.model);
    }
  }
  if (!summary) return null;
  return { explanations, executive_summary: summary.text, provider: summary.provider, model: summary.model, model_written: true };
}
