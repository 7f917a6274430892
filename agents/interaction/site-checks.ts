import type { BrowserContext, Page } from "playwright-core";
import type { Evidence, OptOutLinkCheck } from "@/agents/evidence/schema";
import { OPT_OUT_CONTROL_SCRIPT } from "./page-scripts";
import { firstLine } from "@/agents/error-text";
import { gatedGoto } from "@/agents/safety/url-gate";

export type WellKnownGpc = NonNullable<Evidence["well_known_gpc"]>;
export type PrivacyPolicyEvidence = NonNullable<Evidence["privacy_policy"]>;

export const MAX_REDIRECT_HOPS = 8;
export const POLICY_TEXT_CAP = 200_000;

/**
 * Runs one check in a fresh page and always closes it. Every failure, opening the page included
 * (the browser closes under a cancelled scan), becomes the check's recorded error: a check
 * reports, it never throws.
 */
async function inFreshPage<T>(context: BrowserContext, check: (page: Page) => Promise<T>, onError: (message: string) => T): Promise<T> {
  let page: Page | null = null;
  try {
    page = await context.newPage();
    return await check(page);
  } catch (error) {
    return onError(firstLine(error, "failed"));
  } finally {
    await page?.close().catch(() => undefined);
  }
}

/**
 * /.well-known/gpc.json, loaded in the browser: the context's request API resolves names in
 * Node, which would bypass the browser's resolver rules and the SSRF egress proxy.
 */
export async function checkWellKnownGpc(context: BrowserContext, siteUrl: string, navigationMs: number): Promise<WellKnownGpc> {
  const url = new URL("/.well-known/gpc.json", siteUrl).toString();
  const base: WellKnownGpc = { url, status: null, body_sample: null, gpc: null, last_update: null, error: null };
  return inFreshPage(context, async (page) => {
    const response = await gatedGoto(page, url, { waitUntil: "commit", timeout: navigationMs });
    if (!response) return { ...base, error: "no response" };
    const body = (await response.text().catch(() => "")).slice(0, 4_000);
    let gpc: boolean | null = null;
    let lastUpdate: string | null = null;
    if (response.ok()) {
      try {
        const parsed = JSON.parse(body) as { gpc?: unknown; lastUpdate?: unknown };
        gpc = typeof parsed.gpc === "boolean" ? parsed.gpc : null;
        lastUpdate = typeof parsed.lastUpdate === "string" ? parsed.lastUpdate : null;
      } catch {
        /* invalid JSON stays gpc: null */
      }
    }
    return { ...base, status: response.status(), body_sample: body, gpc, last_update: lastUpdate };
  }, (message) => ({ ...base, error: message }));
}

/**
 * Follows an opt-out link in the browser (so resolver rules and the SSRF guard apply to every
 * hop), records the redirect chain, flags loops (a repeated URL, more than MAX_REDIRECT_HOPS
 * hops, or Chromium's ERR_TOO_MANY_REDIRECTS), and looks on the landing page for a way to opt
 * out: a form with a submit, a toggle, or an opt-out button.
 */
export async function checkOptOutLink(context: BrowserContext, link: { href: string; text: string }, navigationMs: number): Promise<OptOutLinkCheck> {
  const result: OptOutLinkCheck = { text: link.text, href: link.href, final_url: null, status: null, redirect_loop: false, has_opt_out_control: false, error: null };
  return inFreshPage(context, async (page) => {
    const response = await gatedGoto(page, link.href, { waitUntil: "domcontentloaded", timeout: navigationMs });
    const chain: string[] = [];
    for (let r = response?.request() ?? null; r; r = r.redirectedFrom()) chain.unshift(r.url());
    result.status = response?.status() ?? null;
    result.final_url = page.url();
    if (new Set(chain).size !== chain.length || chain.length - 1 > MAX_REDIRECT_HOPS) {
      result.redirect_loop = true;
      result.error = `redirect loop (${chain.length - 1} hops)`;
      return result;
    }
    if (result.status !== null && result.status >= 400) {
      result.error = `HTTP ${result.status}`;
      return result;
    }
    await page.waitForLoadState("load", { timeout: 4_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    result.final_url = page.url();
    result.has_opt_out_control = Boolean(await page.evaluate(OPT_OUT_CONTROL_SCRIPT));
    return result;
  }, (message) => {
    if (/ERR_TOO_MANY_REDIRECTS/.test(message)) result.redirect_loop = true;
    result.error = result.redirect_loop ? "redirect loop (ERR_TOO_MANY_REDIRECTS)" : message;
    return result;
  });
}

/** The visible text of the privacy policy, capped, for the policy analysis. */
export async function fetchPrivacyPolicy(context: BrowserContext, url: string, navigationMs: number): Promise<PrivacyPolicyEvidence> {
  return inFreshPage(context, async (page) => {
    const response = await gatedGoto(page, url, { waitUntil: "domcontentloaded", timeout: navigationMs });
    await page.waitForLoadState("load", { timeout: 4_000 }).catch(() => undefined);
    // One read for both, so the language hint always describes the text it came with.
    const read = (await page.evaluate(() => ({ text: document.body?.innerText ?? "", lang: document.documentElement?.lang ?? "" }))) as { text: string; lang: string };
    const text = read.text ?? "";
    const htmlLang = (read.lang ?? "").trim().slice(0, 35) || null;
    const status = response?.status() ?? null;
    return {
      url: page.url(),
      status,
      title: (await page.title().catch(() => "")) || null,
      text: text.slice(0, POLICY_TEXT_CAP),
      truncated: text.length > POLICY_TEXT_CAP,
      error: status !== null && status >= 400 ? `HTTP ${status}` : null,
      html_lang: htmlLang,
    };
  }, (message) => ({ url, status: null, title: null, text: "", truncated: false, error: message, html_lang: null }));
}
