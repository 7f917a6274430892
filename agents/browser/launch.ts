import { launchScanBrowser, openSoleVisitor, type BrowserSession, type ScanBrowserOptions, type VisitorOptions } from "./scan-browser";

export type BrowserSessionOptions = ScanBrowserOptions & VisitorOptions;

/**
 * A Chromium of its own with one visitor in it, closed together: for one-off work (tests, the
 * CLI's checks). A scan launches one ScanBrowser and opens its visitors in it instead.
 */
export async function openBrowserSession(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const { settings, hostResolverRules, extraArgs, launchTimeoutMs, ...visitor } = options;
  const browser = await launchScanBrowser({ settings, hostResolverRules, extraArgs, launchTimeoutMs });
  return openSoleVisitor(browser, () => browser.openVisitor(visitor));
}
