import type { BrowserContext } from "playwright-core";
import { ENGINE_CHROMIUM_ARGS, openBrowserSession, type BrowserSession, type BrowserSessionOptions, type ScanBrowser } from "@/agents/browser";
import type { ResolveGuard } from "./resolve-guard";

export interface BlockedRequest {
  url: string;
  reason: string;
  resourceType: string;
}

/**
 * Refuses, inside the browser, every request whose host is or resolves to a non-public address:
 * documents, subresources, frames, workers' fetches. Playwright calls the route handler only for
 * the first URL of a redirect chain, so redirect hops are checked by the `request` listener,
 * which aborts the page's navigation and reports them (the hop itself has already been sent).
 */
export async function installNetworkGuard(
  context: BrowserContext,
  guard: ResolveGuard,
  onBlocked: (blocked: BlockedRequest) => void,
): Promise<void> {
  await context.route("**/*", async (route) => {
    const request = route.request();
    const decision = await guard.check(request.url());
    if (decision.allowed) {
      await route.continue().catch(() => undefined);
      return;
    }
    onBlocked({ url: request.url(), reason: decision.reason ?? "blocked", resourceType: request.resourceType() });
    await route.abort("blockedbyclient").catch(() => undefined);
  });
  context.on("request", (request) => {
    if (!request.redirectedFrom()) return;
    void guard.check(request.url()).then((decision) => {
      if (decision.allowed) return;
      onBlocked({ url: request.url(), reason: `redirect hop: ${decision.reason ?? "blocked"}`, resourceType: request.resourceType() });
      if (!request.isNavigationRequest()) return;
      try {
        void request.frame().page().goto("about:blank").catch(() => undefined);
      } catch {
        // service-worker requests have no frame
      }
    });
  });
}

export interface GuardedSessionOptions extends BrowserSessionOptions {
  /** The scan's browser: the visitor becomes a context in it. Without it a Chromium is launched for this visitor alone. */
  browser?: ScanBrowser;
  /** The scan's guard; when it allows private targets no route is installed (routing costs time per request). */
  guard?: ResolveGuard;
  allowPrivate?: boolean;
  onBlocked?: (blocked: BlockedRequest) => void;
}

/** openBrowserSession plus the SSRF guard: what every agent uses to get a visitor. */
export async function openGuardedSession(options: GuardedSessionOptions): Promise<BrowserSession> {
  const { guard, allowPrivate, onBlocked, browser, ...browserOptions } = options;
  const session = browser
    ? await browser.openVisitor(browserOptions)
    : await openBrowserSession({ ...browserOptions, extraArgs: [...ENGINE_CHROMIUM_ARGS, ...(browserOptions.extraArgs ?? [])] });
  if (guard && !allowPrivate) {
    try {
      await installNetworkGuard(session.context, guard, onBlocked ?? (() => undefined));
    } catch (error) {
      await session.close();
      throw error;
    }
  }
  return session;
}
