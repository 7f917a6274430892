import type { AgentEmittedEvent, AgentEvent } from "@/lib/schemas/agent-event";
import type { ScanRequest } from "@/lib/schemas/scan-request";

/** What every agent receives: where to report progress, and when to stop. */
export interface AgentContext {
  scanId: string;
  signal: AbortSignal;
  /** `timestamp` (ISO) is when the engine emitted it, when that is not now (an engine in another process). */
  emit(event: AgentEmittedEvent): void;
}

export type ArtifactKind =
  | "report_json"
  | "report_html"
  | "report_pdf"
  | "evidence"
  | "interaction_graph"
  | "har"
  | "traffic"
  | "screenshot"
  | "manifest"
  | "signature";

/** The content type each kind of artefact is served with. */
export const ARTIFACT_CONTENT_TYPES: Record<ArtifactKind, string> = {
  report_json: "application/json",
  report_html: "text/html; charset=utf-8",
  report_pdf: "application/pdf",
  evidence: "application/json",
  interaction_graph: "application/json",
  har: "application/json",
  traffic: "application/json",
  screenshot: "image/png",
  manifest: "application/json",
  signature: "text/plain; charset=utf-8",
};

/** A file the scan wrote, relative to the scan's output folder. */
export interface ScanArtifact {
  file: string;
  kind: ArtifactKind;
  contentType: string;
  bytes: number;
}

export interface ScanJob {
  scanId: string;
  request: ScanRequest;
  /** Folder the pipeline writes every artefact into. */
  outDir: string;
  /**
   * The server's own LLM keys this scan may spend (APO_SERVER_LLM_KEYS_FOR), handed over with the
   * job because the engine's process does not see the server's environment. Absent: the keys of
   * the environment the engine runs in (the CLI's).
   */
  serverLlmKeys?: ServerLlmKeys;
  /** Which run of the scan this is (report_metadata.attempt): above 1 after another container took it over. Absent: 1. */
  attempt?: number;
}

export interface ServerLlmKeys {
  anthropic?: string;
  openai?: string;
}

export type { AgentEvent };
