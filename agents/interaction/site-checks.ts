import type { BrowserContext } from "playwright-core";
import type { Evidence, OptOutLinkCheck } from "@/agents/evidence/schema";
import type { ResolveGuard } from "@/agents/safety/resolve-guard";
import { OPT_OUT_CONTROL_SCRIPT } from "./page-scripts";

export type WellKnownGpc = NonNullable<Evidence["well_known_gpc"]>;
export type PrivacyPolicyEvidence = NonNullable<Evidence["privacy_policy"]>;

export const MAX_REDIRECT_HOPS = 8;
export const POLICY_TEXT_CAP = 200_000;

async function guardOk(guard: ResolveGuard | undefined, allowPrivate: boolean, url: string): Promise<string | null> {
  if (!guard || allowPrivate) return null;
  const decision = await guard.check(url);
  return decision.allowed ? null : (decision.reason ?? "blocked");
}

/** /.well-known/gpc.json through the context's request API (same resolver rules and TLS settings as the browser). */
export async function checkWellKnownGpc(context: BrowserContext, siteUrl: string, guard: ResolveGuard | undefined, allowPrivate: boolean): Promise<WellKnownGpc> {
  const url = new URL("/.well-known/gpc.json", siteUrl).toString();
  const base: WellKnownGpc = { url, status: null, body_sample: null, gpc: null, last_update: null, error: null };
  const refused = await guardOk(guard, allowPrivate, url);
  if (refused) return { ...base, error: `blocked: ${refused}` };
  try {
    const response = await context.request.get(url, { timeout: 8_000, maxRedirects: 3, failOnStatusCode: false });
    const body = (await response.text()).slice(0, 4_000);
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
  } catch (error) {
    return { ...base, error: (error as Error).message.split("\n")[0] ?? "request failed" };
  }
}

/**
 * Follows an opt-out link hop by hop (to see loops and every status), then opens the landing
 * page to look for a way to opt out: a form with a submit, a toggle, or an opt-out button.
 */
export async function checkOptOutLink(
  context: BrowserContext,
  link: { href: string; text: string },
  guard: ResolveGuard | undefined,
  allowPrivate: boolean,
  navigationMs: number,
): Promise<OptOutLinkCheck> {
  const result: OptOutLinkCheck = { text: link.text, href: link.href, final_url: null, status: null, redirect_loop: false, has_opt_out_control: false, error: null };
  const seen = new Set<string>();
  let url = link.href;
  try {
    for (let hop = 0; hop <= MAX_REDIRECT_HOPS; hop++) {
      const refused = await guardOk(guard, allowPrivate, url);
      if (refused) return { ...result, error: `blocked: ${refused}` };
      if (seen.has(url)) return { ...result, redirect_loop: true, final_url: url, error: "redirect loop" };
      seen.add(url);
      const response = await context.request.get(url, { maxRedirects: 0, timeout: navigationMs, failOnStatusCode: false });
      result.status = response.status();
      const location = response.headers()["location"];
      if (response.status() >= 300 && response.status() < 400 && location) {
        url = new URL(location, url).toString();
        if (hop === MAX_REDIRECT_HOPS) return { ...result, redirect_loop: true, final_url: url, error: `more than ${MAX_REDIRECT_HOPS} redirects` };
        continue;
      }
      result.final_url = url;
      break;
    }
    if (result.status !== null && result.status >= 400) return { ...result, error: `HTTP ${result.status}` };
    const page = await context.newPage();
    try {
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: navigationMs });
      await page.waitForLoadState("load", { timeout: 4_000 }).catch(() => undefined);
      await page.waitForTimeout(400);
      result.final_url = page.url();
      result.has_opt_out_control = Boolean(await page.evaluate(OPT_OUT_CONTROL_SCRIPT));
    } finally {
      await page.close().catch(() => undefined);
    }
  } catch (error) {
    result.error = (error as Error).message.split("\n")[0] ?? "request failed";
  }
  return result;
}

/** The visible text of the privacy policy, capped, for the policy analysis. */
export async function fetchPrivacyPolicy(context: BrowserContext, url: string, navigationMs: number): Promise<PrivacyPolicyEvidence> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "domcontentloaded", timeout: navigationMs });
    await page.waitForLoadState("load", { timeout: 4_000 }).catch(() => undefined);
    const text = ((await page.evaluate(() => document.body?.innerText ?? "")) as string) ?? "";
    const status = response?.status() ?? null;
    return {
      url: page.url(),
      status,
      title: (await page.title().catch(() => "")) || null,
      text: text.slice(0, POLICY_TEXT_CAP),
      truncated: text.length > POLICY_TEXT_CAP,
      error: status !== null && status >= 400 ? `HTTP ${status}` : null,
    };
  } catch (error) {
    return { url, status: null, title: null, text: "", truncated: false, error: (error as Error).message.split("\n")[0] ?? "failed" };
  } finally {
    await page.close().catch(() => undefined);
  }
}
