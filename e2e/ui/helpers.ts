import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { e2eEnv } from "../../playwright.config";

export const SHOTS_DIR = join("test-results", "ui-screenshots");

export async function signIn(page: Page, email = e2eEnv.adminEmail, password = e2eEnv.adminPassword): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/scans");
}

/**
 * A browser context signed in as someone else. Only one credentials account exists in e2e, so
 * the second user gets a next-auth session cookie minted with the server's secret, which is
 * what a second account's sign-in produces (a session of the current version).
 */
export async function contextAsOtherUser(browser: Browser, email = "someone-else@apo.test"): Promise<BrowserContext> {
  const token = await encode({ token: { sub: email, email, name: email, apo: 2 }, secret: e2eEnv.jwtSecret });
  const ctx = await browser.newContext({ baseURL: e2eEnv.appUrl });
  await ctx.addCookies([{ name: "next-auth.session-token", value: token, url: e2eEnv.appUrl, httpOnly: true, sameSite: "Lax" }]);
  return ctx;
}

async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.classList.toggle("dark", t === "dark");
    document.documentElement.style.colorScheme = t;
  }, theme);
  // Buttons animate their colours; let transitions finish before axe measures contrast.
  await page.waitForTimeout(400);
}

/** axe in both themes: colour contrast differs between them. Serious and critical issues fail the test. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(summary, `axe on ${label} (${theme})`).toEqual([]);
  }
  await setTheme(page, "light");
}

/** Full-page screenshots in light and dark, kept as test artefacts for a human to look at. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: join(SHOTS_DIR, `${name}-${theme}.png`), fullPage: true });
  }
  await setTheme(page, "light");
}
