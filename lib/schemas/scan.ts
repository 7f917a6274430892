import { z } from "zod";
import type { ScanArtifact } from "@/agents/types";

// What a scan is wherever it crosses a boundary: the engine's outcome, the store, the HTTP API and
// the browser all use these. Isomorphic: imports nothing server-only.

export const scanStatuses = ["queued", "running", "complete", "error", "cancelled", "interrupted"] as const;
export const ScanStatusValueSchema = z.enum(scanStatuses);
export type ScanStatus = z.infer<typeof ScanStatusValueSchema>;

export const finalStatuses: readonly ScanStatus[] = ["complete", "error", "cancelled", "interrupted"];

export function isFinalStatus(status: ScanStatus): boolean {
  return finalStatuses.includes(status);
}

/** Every code a scan can end with. Clients may branch on them: add codes, never repurpose one. */
export const ScanErrorCodeSchema = z.enum([
  // The engine (agents/pipeline.ts)
  "private_target",
  "unresolvable_target",
  "site_unreachable",
  "browser_error",
  "internal_error",
  // The engine's process, as seen by the service
  "engine_error",
  "engine_crashed",
  "invalid_report",
  // Stopped by a limit, a person or the server
  "timeout",
  "cancelled",
  "shutdown",
  "interrupted",
  "worker_lost",
  // A scan carrying the request's LLM keys (held only in its container's memory) lost that container
  "pinned_worker_lost",
]);
export const scanErrorCodes = ScanErrorCodeSchema.options;
export type ScanErrorCode = z.infer<typeof ScanErrorCodeSchema>;

export const ScanErrorSchema = z.object({ code: ScanErrorCodeSchema, message: z.string() });
export type ScanError = z.infer<typeof ScanErrorSchema>;

const percent = z.number().min(0).max(100);

/** Each agent's own 0–100, as the API reports it. */
export const AgentProgressSchema = z.object({ discovery: percent, interaction: percent, observability: percent });

/** Progress as recorded while a scan runs: an agent that has not reported yet has no entry. */
export const PartialAgentProgressSchema = AgentProgressSchema.partial();
export type PartialAgentProgress = z.infer<typeof PartialAgentProgressSchema>;

/** The headline numbers of a completed scan's report, kept for the history list. */
export const ScanSummarySchema = z.object({
  total_violations: z.number().int(),
  severity_breakdown: z.object({ HIGH: z.number().int(), MEDIUM: z.number().int(), LOW: z.number().int() }),
  max_potential_penalty_usd: z.number().nullable(),
  compliance_score: z.number().nullable(),
  grade: z.string().nullable(),
});
export type ScanSummary = z.infer<typeof ScanSummarySchema>;

export const ScanOutcomeStatusSchema = ScanStatusValueSchema.extract(["complete", "error", "cancelled"]);

/**
 * How one run of the engine ended. The pipeline builds it typed (`ScanOutcome<Evidence,
 * EvidenceReport>`); what the service receives from a runner, possibly over IPC from another
 * process, is unchecked (`unknown`) until the worker parses the report with EvidenceReportSchema.
 */
export interface ScanOutcome<Evidence = unknown, Report = unknown> {
  status: z.infer<typeof ScanOutcomeStatusSchema>;
  error: ScanError | null;
  evidence: Evidence | null;
  report: Report | null;
  artifacts: ScanArtifact[];
}
