import type { ScanOptions } from "@/agents/pipeline";
import type { AgentContext, ScanJob } from "@/agents/types";
import type { ScanOutcome } from "../types";

// The messages between the service and the scan engine's child process (lib/scans/engine/engine-child.ts).
// They travel over the fork IPC channel with serialization "advanced" (structured clone), so Dates
// and typed arrays in an outcome arrive as they left. The job, LLM keys included, travels only here:
// never in argv, the environment or a file.

/** What runScan accepts that survives a structured clone (the function hooks stay behind); the child builds its own settings. */
export type EngineScanOptions = Omit<ScanOptions, "lookup" | "egressDial" | "onStageTime" | "settings">;

export type EngineEvent = Parameters<AgentContext["emit"]>[0];

export type ParentMessage =
  | { type: "run"; job: ScanJob; options: EngineScanOptions }
  /** Cancel the scan; the pipeline then ends with status "cancelled" and the child exits. */
  | { type: "cancel" };

export type ChildMessage =
  /** Sent once the child listens: the job is sent only then. */
  | { type: "ready" }
  | { type: "event"; event: EngineEvent }
  | { type: "stage"; stage: string; ms: number }
  | { type: "outcome"; outcome: ScanOutcome }
  /** The child is about to exit on an error outside the pipeline (first line, keys scrubbed). */
  | { type: "fatal"; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

export function isParentMessage(value: unknown): value is ParentMessage {
  return isObject(value) && (value.type === "cancel" || (value.type === "run" && isObject(value.job)));
}

export function isChildMessage(value: unknown): value is ChildMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case "ready":
      return true;
    case "event":
      return isObject(value.event);
    case "stage":
      return typeof value.stage === "string" && typeof value.ms === "number";
    case "outcome":
      return isObject(value.outcome);
    case "fatal":
      return typeof value.message === "string";
    default:
      return false;
  }
}
