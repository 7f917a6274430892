export { openBrowserSession, type BrowserSessionOptions } from "./launch";
export {
  launchScanBrowser,
  openSoleVisitor,
  BrowserLaunchError,
  GPC_INIT_SCRIPT,
  BASE_CHROMIUM_ARGS,
  ENGINE_CHROMIUM_ARGS,
  type BrowserSession,
  type ScanBrowser,
  type ScanBrowserOptions,
  type VisitorOptions,
} from "./scan-browser";
