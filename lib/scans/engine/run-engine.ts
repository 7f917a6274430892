import "server-only";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { findEngineStart } from "./engine-entry";
import { engineSettingsFromEnv } from "./engine-settings";
import { createProcessRunner } from "./engine-process";
import type { ScanRunner } from "../types";

/** The engine in this process: what APO_ENGINE_ISOLATION=inline asks for, and the fallback. */
const inlineRunner: ScanRunner = async (job, ctx) => {
  const { runScan } = await import("@/agents/pipeline");
  // As in the child process: the server's LLM keys reach a scan only through job.serverLlmKeys.
  return runScan(job, ctx, { settings: engineSettingsFromEnv() });
};

let chosen: ScanRunner | undefined;

function chooseRunner(): ScanRunner {
  if (getEnv().APO_ENGINE_ISOLATION === "inline") return inlineRunner;
  const start = findEngineStart(process.cwd());
  if (!start) {
    log.warn("no scan engine entry found (engine/engine-child.mjs or lib/scans/engine/engine-child.ts with tsx): scans run in the server process", { cwd: process.cwd() });
    return inlineRunner;
  }
  log.info("scans run in a child process each", { entry: start.entry, kind: start.kind });
  return createProcessRunner({ start, fallback: inlineRunner });
}

/**
 * The facade over agents/: the only place the service reaches the engine. Each scan runs in a
 * child process of its own (lib/scans/engine/engine-process.ts), so the engine's work never blocks the
 * API's event loop and a crash ends one scan, not the server.
 */
export const engineRunner: ScanRunner = (job, ctx) => {
  chosen ??= chooseRunner();
  return chosen(job, ctx);
};
