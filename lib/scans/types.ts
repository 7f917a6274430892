import type { AgentContext, ScanArtifact, ScanJob } from "@/agents/types";

/** What the engine's runScan resolves to (agents/pipeline.ts); the report is checked downstream. */
export interface ScanOutcome {
  status: "complete" | "error" | "cancelled";
  error: { code: string; message: string } | null;
  evidence: unknown;
  report: unknown;
  artifacts: ScanArtifact[];
}

/** The engine behind an interface, so queue/SSE/store tests can inject a scripted one. */
export type ScanRunner = (job: ScanJob, ctx: AgentContext) => Promise<ScanOutcome>;
