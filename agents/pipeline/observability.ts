import type { Evidence } from "@/agents/evidence/schema";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";

/** The Observability agent's public API (agents/observability/index.ts), as the pipeline calls it. */
export interface ObservabilityApi {
  analyzeEvidence(
    evidence: Evidence,
    options: {
      framework: Framework;
      affectedConsumers?: number;
      annualTurnover?: { amount: number; currency: string };
      scanId: string;
      generatedAt?: string;
      artifacts?: Array<{ file: string; kind: string }>;
    },
  ): EvidenceReport;
  renderReportHtml(report: EvidenceReport): string;
}

let loaded: Promise<ObservabilityApi | null> | null = null;

/** Loads the Observability agent; null when it is not installed in this build. */
export function loadObservability(): Promise<ObservabilityApi | null> {
  // Non-literal specifier while agents/observability is being written in parallel; becomes a
  // static import once it lands.
  const specifier = "@/agents/observability";
  loaded ??= (import(/* webpackIgnore: true */ specifier) as Promise<Partial<ObservabilityApi>>)
    .then((mod: Partial<ObservabilityApi>) =>
      typeof mod.analyzeEvidence === "function" && typeof mod.renderReportHtml === "function" ? (mod as ObservabilityApi) : null,
    )
    .catch(() => null);
  return loaded;
}
