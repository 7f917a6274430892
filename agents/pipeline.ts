import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DiscoveryResult } from "@/agents/discovery";
import type { Evidence } from "@/agents/evidence/schema";
import type { InteractionResult } from "@/agents/interaction";
import { assertPublicTarget } from "@/agents/safety";
import { SiteUnreachableError } from "@/agents/scan-errors";
import type { AgentContext, ScanJob } from "@/agents/types";
import type { EvidenceReport } from "@/lib/schemas/report";
import type { ScanError, ScanOutcome as Outcome } from "@/lib/schemas/scan";
import { ArtefactWriter } from "./pipeline/artefacts";
import { discover } from "./pipeline/discover";
import { failureOf, keepPartialEvidence } from "./pipeline/fail";
import { HomeHandOff } from "./pipeline/home-hand-off";
import { interact, recordInteraction } from "./pipeline/interact";
import { launch } from "./pipeline/launch";
import { observe } from "./pipeline/observe";
import { raceAbort } from "./pipeline/race-abort";
import { buildEvidence, openScan, type ScanOptions, type ScanState } from "./pipeline/scan-state";

export type { ScanOptions } from "./pipeline/scan-state";
export type ScanOutcome = Outcome<Evidence, EvidenceReport>;

/**
 * Runs one scan, writing every artefact into job.outDir:
 *
 *   launch → discover ─┬──────────────────────────→ write interaction_graph.json
 *                      └ home page (HomeHandOff) → interact → observe (report, HTML, PDF) → write
 *
 * The visitors start on the home page as soon as discovery has crawled it, so their banner
 * handling overlaps the rest of the crawl. Never throws for scan failures: a crashed browser, an
 * unreachable site or a timeout ends as status "error" with the evidence gathered so far
 * (completeness "partial").
 */
export async function runScan(job: ScanJob, ctx: AgentContext, options: ScanOptions = {}): Promise<ScanOutcome> {
  const scan = openScan(job, ctx, options);
  const out = new ArtefactWriter(job.outDir);
  let failure: ScanError | null = null;
  ctx.emit({ agent: "system", level: "INFO", msg: `Scan ${job.scanId} started for ${job.request.url} (${job.request.framework}, depth ${job.request.crawl_depth})`, progress: 0 });
  try {
    await prepare(scan);
    const home = new HomeHandOff();
    const discovery = raceAbort(scan.signal, scan.timed("discovery", async () => {
      await launch(scan);
      return discover(scan, home);
    }));
    // Settled below; until then a failure must not surface as an unhandled rejection.
    discovery.catch(() => undefined);
    void discovery.then(() => home.endWithout(), () => home.endWithout());
    const earlyVisitors = await startVisitorsOnHome(scan, home, discovery);

    scan.discovery = await discovery;
    await writeDiscovery(scan, out);
    await recordInteraction(scan, out, await (earlyVisitors ?? interact(scan, scan.discovery.ranked)));

    scan.evidence = buildEvidence(scan, scan.errors.length ? "partial" : "complete");
    await out.writeJson("evidence.json", "evidence", scan.evidence);
    scan.report = await scan.timed("observability", () => observe(scan, out));
  } catch (caught) {
    failure = failureOf(scan, caught);
  } finally {
    await scan.close();
  }

  if (failure) {
    await keepPartialEvidence(scan, out);
    const cancelled = failure.code === "cancelled";
    ctx.emit({ agent: "system", level: cancelled ? "WARNING" : "ERROR", msg: `Scan ${cancelled ? "cancelled" : "failed"} (${failure.code}): ${failure.message}` });
    return { status: cancelled ? "cancelled" : "error", error: failure, evidence: scan.evidence, report: scan.report, artifacts: out.list };
  }
  ctx.emit({ agent: "system", level: "SUCCESS", msg: `Scan complete: ${out.list.length} artefacts in ${job.outDir}`, progress: 100 });
  return { status: "complete", error: null, evidence: scan.evidence, report: scan.report, artifacts: out.list };
}

/** The output folder, and the SSRF pre-flight: PrivateTargetError or UnresolvableTargetError end the scan with their code. */
async function prepare(scan: ScanState): Promise<void> {
  await mkdir(join(scan.job.outDir, "screenshots"), { recursive: true });
  await assertPublicTarget(scan.job.request.url, scan.guard);
}

/**
 * The hand-off: once discovery has crawled a home page that loaded, the visitors start there and
 * take the ranked pages when discovery has them. Null when there is no such page (the visitors
 * then start after discovery, or the scan ends).
 */
async function startVisitorsOnHome(scan: ScanState, home: HomeHandOff, discovery: Promise<DiscoveryResult>): Promise<Promise<InteractionResult> | null> {
  const node = await home.crawled;
  if (!node || node.error || scan.signal.aborted) return null;
  const visitors = interact(scan, discovery.then((d) => d.ranked), node);
  visitors.catch(() => undefined);
  return visitors;
}

/** The crawl's graph, written as soon as discovery ends; a home page that did not load ends the scan. */
async function writeDiscovery(scan: ScanState, out: ArtefactWriter): Promise<void> {
  if (scan.signal.aborted) throw scan.signal.reason;
  const discovery = scan.discovery;
  if (!discovery) throw new Error("writeDiscovery runs after discovery");
  await out.writeJson("interaction_graph.json", "interaction_graph", discovery.graph);
  const home = discovery.graph.nodes.find((n) => n.depth === 0);
  if (!home || home.error) throw new SiteUnreachableError(`${scan.job.request.url} could not be loaded: ${home?.error ?? "no response"}`);
}
