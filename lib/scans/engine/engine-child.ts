// The scan engine's own process: lib/scans/engine/engine-process.ts forks this file (the bundled copy in
// a build, the source through tsx in development) once per scan, so Playwright, HAR recording,
// report building and PDF printing never hold up the API's event loop, and a crash or a memory
// blow-up here ends one scan, not the server. It takes one job over IPC, runs runScan, sends each
// agent event back as it happens, then the outcome, and exits.
//
// The job carries the scan's LLM keys: they exist only in this process's memory. Nothing here logs
// the request, and any message that leaves (fatal errors, warnings) has the keys scrubbed first.
import { secretScrubber } from "@/agents/llm/redact";
import { runScan } from "@/agents/pipeline";
import type { ScanJob } from "@/agents/types";
import { describeError, log } from "@/lib/log";
import { engineSettingsFromEnv } from "./engine-settings";
import { isParentMessage, type ChildMessage, type EngineScanOptions } from "./engine-protocol";
import type { ScanOutcome } from "../types";

/** After the parent disconnects (it died), how long the cancelled pipeline may take to unwind. */
const ORPHAN_EXIT_MS = 10_000;

const controller = new AbortController();
let scrub = (text: string) => text;
let started = false;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    try {
      process.send(message, undefined, {}, () => resolve());
    } catch (error) {
      // A value the structured clone cannot copy: the outcome then travels as JSON (Dates as strings).
      if (message.type !== "outcome") return resolve();
      process.send(JSON.parse(JSON.stringify(message)) as ChildMessage, undefined, {}, () => resolve());
      log.warn("engine outcome sent as JSON", { error: scrub(describeError(error)) });
    }
  });
}

async function run(job: ScanJob, options: EngineScanOptions): Promise<never> {
  scrub = secretScrubber([job.request.claude_key, job.request.openai_key, job.serverLlmKeys?.anthropic, job.serverLlmKeys?.openai]);
  let outcome: ScanOutcome;
  try {
    outcome = await runScan(
      job,
      { scanId: job.scanId, signal: controller.signal, emit: (event) => void send({ type: "event", event: { ...event, timestamp: event.timestamp ?? new Date().toISOString() } }) },
      // This process's environment is the allow-list lib/env.ts engineProcessEnv gives it: no server keys.
      { ...options, settings: engineSettingsFromEnv(), onStageTime: (stage, ms) => void send({ type: "stage", stage, ms }) },
    );
  } catch (error) {
    // runScan reports scan failures in its outcome; reaching here is a bug in the engine.
    outcome = { status: "error", error: { code: "engine_error", message: scrub(describeError(error)) }, evidence: null, report: null, artifacts: [] };
  }
  // IPC keeps order: every event sent above reaches the parent before the outcome.
  // The service keeps the report and the artefact list; the evidence itself is on disk
  // (evidence.json), and copying megabytes of it into the server would only cost it a long GC.
  await send({ type: "outcome", outcome: { ...outcome, evidence: null } });
  process.exit(0);
}

process.on("message", (message: unknown) => {
  if (!isParentMessage(message)) return;
  if (message.type === "cancel") controller.abort(new Error("cancelled"));
  else if (!started) {
    started = true;
    void run(message.job, message.options);
  }
});

// The service is gone (crashed or killed): stop the scan so its Chromium is closed, then leave.
process.on("disconnect", () => {
  controller.abort(new Error("parent disconnected"));
  setTimeout(() => process.exit(1), ORPHAN_EXIT_MS).unref();
  if (!started) process.exit(1);
});

process.on("uncaughtException", (error) => {
  void send({ type: "fatal", message: scrub(describeError(error)) }).finally(() => process.exit(1));
});

// A stray rejection inside a library (a Playwright race after a page closed) must not end the
// scan: the Next.js server this engine used to run in logged such rejections and went on.
process.on("unhandledRejection", (reason) => {
  log.warn("unhandled rejection in the scan engine", { error: scrub(describeError(reason)) });
});

if (!process.send) {
  process.stderr.write("engine-child: start this through child_process.fork (lib/scans/engine/engine-process.ts)\n");
  process.exit(2);
}
void send({ type: "ready" });
