import "server-only";
import type { ScanRunner } from "./types";

/**
 * The facade over agents/: the only place the service reaches the engine. Until
 * agents/pipeline.ts lands this fails every scan with a clear message.
 */
export const engineRunner: ScanRunner = async (_job, ctx) => {
  ctx.emit({ agent: "system", level: "ERROR", msg: "The scanning engine is not available in this build." });
  return { status: "error", error: { code: "engine_unavailable", message: "The scanning engine is not available in this build." }, evidence: null, report: null, artifacts: [] };
};
