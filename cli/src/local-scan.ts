import { randomUUID } from "node:crypto";
import { runScan } from "@/agents/pipeline";
import type { AgentContext } from "@/agents/types";
import type { AgentEvent } from "@/lib/schemas/agent-event";
import type { ScanRequest } from "@/lib/schemas/scan-request";
import { signBundle } from "@/lib/evidence/sign-bundle";
import { parseSigningKey } from "@/lib/evidence/signing-key";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import type { ScanResult } from "./scan-result";

/**
 * Runs the whole pipeline in this process with a local Chromium, as `npm run scan` does; the engine's
 * settings come from the environment (APO_CHROMIUM_PATH, APO_HOST_RESOLVER_RULES, …). The PDF is
 * printed only when the artefacts are kept (`keepPdf`).
 */
export async function runLocalScan(
  request: ScanRequest,
  options: { outDir: string; keepPdf: boolean; signal: AbortSignal; onEvent: (event: AgentEvent) => void; signingKey?: string },
): Promise<ScanResult> {
  const scanId = `cli-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 6)}`;
  const ctx: AgentContext = {
    scanId,
    signal: options.signal,
    emit(event) {
      options.onEvent({ ...event, timestamp: event.timestamp ?? new Date().toISOString() });
    },
  };
  // The CLI may use the environment's own LLM keys (the service passes them per scan instead).
  const settings = engineSettingsFromEnv(undefined, { withLlmKeys: true });
  const startedAt = new Date().toISOString();
  const outcome = await runScan({ scanId, request, outDir: options.outDir }, ctx, { settings, skipPdf: !options.keepPdf });
  // Kept artefacts get a manifest (every file's SHA-256), signed with APO_SIGNING_KEY when the
  // caller has one; \`apo verify <out>/artifacts\` checks it. The CLI writes no key file of its own.
  if (options.keepPdf && outcome.artifacts.length > 0) {
    const key = options.signingKey ? parseSigningKey(options.signingKey) : null;
    await signBundle(options.outDir, outcome.artifacts, { scanId, targetUrl: request.url, startedAt, finishedAt: new Date().toISOString(), status: outcome.status }, key);
  }
  if (outcome.status === "complete" && outcome.report) return { completed: true, report: outcome.report, scanId };
  return { completed: false, error: `scan ${outcome.status}${outcome.error ? `: ${outcome.error.code} ${outcome.error.message}` : ""}`, report: outcome.report };
}
