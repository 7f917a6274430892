import type { PageNode } from "@/agents/evidence/schema";
import { runInteraction, type InteractionResult } from "@/agents/interaction";
import { BrowserError } from "@/agents/scan-errors";
import type { ArtefactWriter } from "./artefacts";
import { raceAbort } from "./race-abort";
import { scanBrowserOf, type ScanState } from "./scan-state";

/**
 * Interact: the four visitors, each a fresh context in the scan's browser. `ranked` may still be
 * coming (the visitors started early on the home page) or known (after discovery).
 */
export function interact(scan: ScanState, ranked: PageNode[] | Promise<PageNode[]>, home?: PageNode): Promise<InteractionResult> {
  const { options } = scan;
  return raceAbort(scan.signal, scan.timed("interaction", () =>
    runInteraction(scan.ctx, {
      ranked,
      home,
      outDir: scan.job.outDir,
      sessions: options.sessions,
      pagesPerSession: options.pagesPerSession,
      maxConcurrentSessions: options.maxConcurrentSessions,
      timeouts: options.timeouts,
      browser: scan.browser,
      scanBrowser: scanBrowserOf(scan),
      blocked: scan.guarded?.blocked,
      allowPrivate: scan.allowPrivate,
    }),
  ));
}

/** The visitors' result into the state and the artefact list; a scan without any visited page fails. */
export async function recordInteraction(scan: ScanState, out: ArtefactWriter, interaction: InteractionResult): Promise<void> {
  scan.interaction = interaction;
  scan.errors.push(...interaction.errors);
  for (const f of interaction.files) await out.add(f.file, f.kind);
  if (scan.signal.aborted) throw scan.signal.reason;
  if (!Object.values(interaction.sessions).some((s) => s && s.pages.length > 0)) {
    const crashed = scanBrowserOf(scan)?.closed ? "Chromium exited unexpectedly; " : "";
    throw new BrowserError(`${crashed}no visitor session completed: ${interaction.errors.map((e) => e.message).join("; ") || "unknown"}`);
  }
}
