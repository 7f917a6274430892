import { ENGINE_CHROMIUM_ARGS, launchScanBrowser, openSoleVisitor, type BrowserSession, type ScanBrowser, type VisitorOptions } from "@/agents/browser";
import type { DialMap } from "./egress-dial";
import { BlockLog } from "./block-log";
import { egressChromiumArgs, startEgressProxy, type EgressBlock, type EgressProxy } from "./egress-proxy";
import type { LookupAll } from "./resolve-guard";
import type { EngineSettingsInput } from "@/agents/settings";

export interface GuardedBrowserOptions {
  /** Chromium's path, sandbox and environment (agents/settings.ts). */
  settings?: EngineSettingsInput;
  hostResolverRules?: string;
  /** APO_ALLOW_PRIVATE_TARGETS: no proxy at all (tests only). */
  allowPrivate: boolean;
  /** APO_ALLOWED_PRIVATE_CIDRS: ranges the proxy lets through (an intranet); the proxy stays on. */
  allowedPrivateCidrs?: readonly string[];
  /** Test hook for the proxy's resolver. */
  lookup?: LookupAll;
  /** Test hook: where the proxy connects for a checked address (as --host-resolver-rules would). */
  dial?: DialMap;
  /** Every refusal, as the proxy reported it (the scan's BlockLog records them too). */
  onBlocked?: (blocked: EgressBlock) => void;
  /** The region's egress proxy, as the egress proxy's upstream (APO_REGION_PROXIES); it starts the egress proxy even when allowPrivate. */
  upstreamProxy?: string;
  /** Every visitor's starting options (the scan's region: locale, timezone, Accept-Language). */
  visitorDefaults?: VisitorOptions;
}

/** The scan's Chromium behind the SSRF egress proxy, and the proxy's record of refusals. */
export interface GuardedBrowser {
  browser: ScanBrowser;
  blocked: BlockLog;
  close(): Promise<void>;
}

/**
 * Launches the scan's Chromium with every connection sent through the egress proxy
 * (egress-proxy.ts): the proxy resolves each name itself, refuses non-public addresses and
 * connects to the address it checked, so redirect hops, subresources, workers and WebSockets
 * are all refused before they are sent and a rebinding name cannot slip through.
 */
export async function launchGuardedBrowser(options: GuardedBrowserOptions): Promise<GuardedBrowser> {
  const blocked = new BlockLog();
  let proxy: EgressProxy | null = null;
  if (!options.allowPrivate || options.upstreamProxy) {
    proxy = await startEgressProxy({
      allowPrivate: options.allowPrivate,
      upstreamProxy: options.upstreamProxy,
      allowedPrivateCidrs: options.allowedPrivateCidrs,
      lookup: options.lookup,
      dial: options.dial,
      onBlocked: (block) => {
        blocked.add(block);
        options.onBlocked?.(block);
      },
    });
  }
  try {
    const browser = await launchScanBrowser({
      settings: options.settings,
      hostResolverRules: options.hostResolverRules,
      visitorDefaults: options.visitorDefaults,
      extraArgs: [...ENGINE_CHROMIUM_ARGS, ...(proxy ? egressChromiumArgs(proxy.url) : [])],
    });
    return {
      browser,
      blocked,
      async close() {
        await browser.close();
        await proxy?.close();
      },
    };
  } catch (error) {
    await proxy?.close();
    throw error;
  }
}

export interface GuardedSessionOptions extends VisitorOptions, Omit<GuardedBrowserOptions, "allowPrivate"> {
  /** The scan's browser: the visitor becomes a context in it (its proxy already guards it). */
  browser?: ScanBrowser;
  allowPrivate?: boolean;
}

/**
 * One visitor: a context in the scan's browser, or, without one, a guarded Chromium of its own
 * that closes with the visitor (tests, one-off checks).
 */
export async function openGuardedSession(options: GuardedSessionOptions): Promise<BrowserSession> {
  const { browser, settings, allowPrivate, allowedPrivateCidrs, hostResolverRules, lookup, dial, onBlocked, upstreamProxy, visitorDefaults, ...visitor } = options;
  if (browser) return browser.openVisitor(visitor);
  const guarded = await launchGuardedBrowser({ settings, hostResolverRules, allowPrivate: allowPrivate ?? false, allowedPrivateCidrs, lookup, dial, onBlocked, upstreamProxy, visitorDefaults });
  return openSoleVisitor(guarded, () => guarded.browser.openVisitor(visitor));
}
