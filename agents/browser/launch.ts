import { launchScanBrowser, type BrowserSession, type ScanBrowserOptions, type VisitorOptions } from "./scan-browser";

export type BrowserSessionOptions = ScanBrowserOptions & VisitorOptions;

/**
 * A Chromium of its own with one visitor in it, closed together: for one-off work (tests, the
 * CLI's checks). A scan launches one ScanBrowser and opens its visitors in it instead.
 */
export async function openBrowserSession(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const { hostResolverRules, proxyServer, extraArgs, launchTimeoutMs, ...visitor } = options;
  const browser = await launchScanBrowser({ hostResolverRules, proxyServer, extraArgs, launchTimeoutMs });
  try {
    const session = await browser.openVisitor(visitor);
    return {
      ...session,
      async close() {
        await session.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
