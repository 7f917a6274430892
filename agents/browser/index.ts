export { openBrowserSession, GPC_INIT_SCRIPT, BASE_CHROMIUM_ARGS, ENGINE_CHROMIUM_ARGS } from "./launch";
export type { BrowserSession, BrowserSessionOptions } from "./launch";
export { findChromium, ChromiumNotFoundError } from "./chromium-path";
