import { BrowserError } from "@/agents/scan-errors";
import { firstLine } from "@/agents/error-text";
import { launchGuardedBrowser } from "@/agents/safety/browser-guard";
import { scanRegion } from "./region";
import type { ScanState } from "./scan-state";

/**
 * Launch: the scan's one Chromium behind the SSRF egress proxy. Discovery, the four visitors and
 * the PDF are contexts in it.
 */
export async function launch(scan: ScanState): Promise<void> {
  const region = scanRegion(scan);
  const launched = await launchGuardedBrowser({
    upstreamProxy: region.proxy,
    visitorDefaults: region.visitor,
    settings: scan.settings,
    hostResolverRules: scan.browser.hostResolverRules,
    allowPrivate: scan.allowPrivate,
    allowedPrivateCidrs: scan.allowedPrivateCidrs,
    lookup: scan.options.lookup,
    dial: scan.options.egressDial,
  }).catch((error: unknown) => {
    throw new BrowserError(`could not start Chromium: ${firstLine(error)}`);
  });
  scan.guarded = launched;
  // Cancelled while Chromium was starting: the abort listener has already run.
  if (scan.signal.aborted) {
    await launched.close();
    throw scan.signal.reason;
  }
}
