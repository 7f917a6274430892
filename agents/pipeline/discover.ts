import type { BrowserSession } from "@/agents/browser";
import { runDiscovery, type DiscoveryResult } from "@/agents/discovery";
import type { PageNode } from "@/agents/evidence/schema";
import { checkOptOutLink, fetchPrivacyPolicy } from "@/agents/interaction";
import { openGuardedSession } from "@/agents/safety/browser-guard";
import { firstLine } from "@/agents/error-text";
import { defaultMaxPages } from "@/lib/schemas/scan-request";
import type { HomeHandOff } from "./home-hand-off";
import { scanBrowserOf, type ScanState } from "./scan-state";

/**
 * Discover: crawl the site in a context of the scan's browser and hand the home page to the
 * visitors as soon as it is crawled; the home page's opt-out links and policy text are checked
 * in the same context while the crawl goes on.
 */
export async function discover(scan: ScanState, home: HomeHandOff): Promise<DiscoveryResult> {
  const { request } = scan.job;
  const session: BrowserSession = await openGuardedSession({ ignoreHTTPSErrors: scan.browser.ignoreHTTPSErrors, browser: scanBrowserOf(scan) });
  let siteChecks: Promise<void> = Promise.resolve();
  try {
    const navigationMs = scan.options.timeouts?.navigationMs ?? 20_000;
    return await runDiscovery(scan.ctx, {
      startUrl: request.url,
      depth: request.crawl_depth,
      maxPages: request.max_pages ?? defaultMaxPages(request.crawl_depth),
      concurrency: scan.options.discoveryConcurrency ?? 3,
      navigationTimeoutMs: navigationMs,
      session,
      llm: scan.llm,
      onHome: (node) => {
        home.announce(node);
        // Never rejects: awaited only in the finally below, after a crawl that may throw first
        // (cancel, timeout), so a rejection here would go unhandled.
        if (!node.error) siteChecks = checkSiteLinks(scan, node, session, navigationMs).catch((error: unknown) => void scan.errors.push({ stage: "discovery.site_checks", message: firstLine(error) }));
      },
    });
  } finally {
    // The link checks finish (they are part of discovery) before their context closes.
    await siteChecks;
    await session.close();
  }
}

/** The home page's opt-out links and privacy policy, into the scan's state. */
async function checkSiteLinks(scan: ScanState, home: PageNode, session: BrowserSession, navigationMs: number): Promise<void> {
  if (scan.signal.aborted) return;
  const optOutLinks = home.opt_out_links.slice(0, 3);
  const policyLink = home.privacy_policy_links[0];
  const [checks, policy] = await Promise.all([
    Promise.all(optOutLinks.map((link) => checkOptOutLink(session.context, link, navigationMs))),
    policyLink ? fetchPrivacyPolicy(session.context, policyLink.href, navigationMs) : Promise.resolve(null),
  ]);
  scan.optOutChecks = checks;
  scan.privacyPolicy = policy;
  const { ctx } = scan;
  for (const check of checks) {
    ctx.emit({ agent: "discovery", level: check.error || !check.has_opt_out_control ? "WARNING" : "INFO", msg: `Opt-out link "${check.text}": ${check.error ?? (check.has_opt_out_control ? "opt-out control found" : "no opt-out control on the landing page")}` });
  }
  if (policy) ctx.emit({ agent: "discovery", level: policy.error ? "WARNING" : "INFO", msg: `Privacy policy ${policy.url}: ${policy.error ?? `${policy.text.length} characters`}` });
  else ctx.emit({ agent: "discovery", level: "WARNING", msg: "No privacy policy link on the home page" });
}
