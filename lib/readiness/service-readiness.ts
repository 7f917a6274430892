import "server-only";
import { findChromium } from "@/agents/browser/chromium-path";
import { launchScanBrowser } from "@/agents/browser/scan-browser";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import { getScanService } from "@/lib/scans/queue/service";
import { BrowserCheck } from "./browser-check";
import { isDraining } from "./draining";
import { checkReadiness } from "./readiness";

/** The store must answer `select 1` within this; a slower one is not ready to take requests. */
export const STORE_PING_TIMEOUT_MS = 2_000;

const KEY = Symbol.for("apo.browser-check");
const holder = globalThis as { [KEY]?: BrowserCheck };

/** This process's browser check: the scanner's own Chromium, started with the scanner's settings and closed again. */
export function browserCheck(): BrowserCheck {
  holder[KEY] ??= new BrowserCheck({
    findExecutable: () => findChromium(engineSettingsFromEnv().chromiumPath),
    launch: async () => {
      const browser = await launchScanBrowser({ settings: engineSettingsFromEnv(), launchTimeoutMs: 20_000 });
      await browser.close();
    },
  });
  return holder[KEY];
}

/** Tests: a browser check of their own (or a fresh default one). */
export function setBrowserCheck(check: BrowserCheck | undefined): void {
  holder[KEY] = check;
}

/** GET /api/ready's answer for this process. */
export function serviceReadiness() {
  return checkReadiness({
    draining: isDraining(),
    pingStore: async () => (await getScanService()).store.ops.ping(STORE_PING_TIMEOUT_MS),
    browser: () => browserCheck().status(),
  });
}
