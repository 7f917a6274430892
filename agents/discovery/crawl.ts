import type { BrowserContext, Page } from "playwright-core";
import { EXTRACT_PAGE_SCRIPT } from "@/agents/interaction/page-scripts";
import { firstLine } from "@/agents/error-text";
import { gatedGoto } from "@/agents/safety/url-gate";
import { installSettleProbe, waitForQuiet } from "@/agents/interaction/settle-page";

export interface RawField {
  name: string;
  id: string | null;
  type: string;
  autocomplete: string | null;
  placeholder: string | null;
  label: string | null;
  checked: boolean;
  disabled?: boolean;
}

export interface RawPage {
  requested_url: string;
  final_url: string;
  status: number | null;
  title: string;
  links: Array<{ href: string; text: string }>;
  forms: Array<{ action: string; method: string; fields: RawField[] }>;
  scripts: string[];
  frames: string[];
  banner_present: boolean;
  banner_text: string | null;
  error: string | null;
}

export interface VisitTimeouts {
  /** Navigation budget (page load). */
  navigationMs: number;
  /**
   * Time given to scripts that inject banners and forms after load: the window ends once the page
   * has been quiet for DISCOVERY_QUIET_MS, and lasts at most this long.
   */
  settleMs: number;
}

/** Discovery reads the DOM, not traffic: a shorter quiet period than the visitors' is enough. */
const DISCOVERY_QUIET_MS = 300;

const emptyPage = (url: string, error: string, status: number | null = null): RawPage => ({
  requested_url: url,
  final_url: url,
  status,
  title: "",
  links: [],
  forms: [],
  scripts: [],
  frames: [],
  banner_present: false,
  banner_text: null,
  error,
});

/** Loads one page in its own tab and extracts what discovery needs. Never throws for site errors. */
export async function visitPage(context: BrowserContext, url: string, timeouts: VisitTimeouts, signal: AbortSignal): Promise<RawPage> {
  if (signal.aborted) return emptyPage(url, "cancelled");
  let page: Page | null = null;
  try {
    page = await context.newPage();
    await installSettleProbe(page);
    const response = await gatedGoto(page, url, { waitUntil: "domcontentloaded", timeout: timeouts.navigationMs });
    const contentType = response ? ((await response.headerValue("content-type").catch(() => null)) ?? "") : "";
    if (contentType && !/html|xml/i.test(contentType)) return emptyPage(url, `not an HTML page (${contentType})`, response?.status() ?? null);
    await page.waitForLoadState("load", { timeout: Math.min(5_000, timeouts.navigationMs) }).catch(() => undefined);
    await waitForQuiet(page, { minMs: 0, quietMs: Math.min(DISCOVERY_QUIET_MS, timeouts.settleMs), maxMs: timeouts.settleMs }, signal);
    const facts = (await page.evaluate(EXTRACT_PAGE_SCRIPT)) as Omit<RawPage, "requested_url" | "status" | "error">;
    return { ...facts, requested_url: url, status: response?.status() ?? null, error: null };
  } catch (error) {
    return emptyPage(url, firstLine(error, "navigation failed"));
  } finally {
    await page?.close().catch(() => undefined);
  }
}
