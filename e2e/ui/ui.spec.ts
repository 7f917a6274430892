import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { contextAsOtherUser, expectAccessible, screenshotBothThemes, signIn } from "./helpers";

// One analyst journey, in order: later steps read the scan the earlier ones started.
test.describe.configure({ mode: "serial" });

// A site with a consent banner that ignores "reject all": its violations carry banner screenshots.
const TARGET_HOST = "www.reject-ignored.example";
let scanId = "";
let page: Page;

test.beforeAll(async ({ browser }) => {
  // axe needs a page from an explicit context, not browser.newPage().
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await ctx.newPage();
});
test.afterAll(async () => {
  await page.context().close();
});

test("pages other than sign-in redirect to /login without a session", async ({ browser }) => {
  const ctx = await browser.newContext();
  const anon = await ctx.newPage();
  await anon.goto("/scans/new");
  await expect(anon).toHaveURL(/\/login\?callbackUrl=%2Fscans%2Fnew/);
  await ctx.close();
});

test("sign in: a wrong password is refused, the right one lands on Scans", async () => {
  await page.goto("/login");
  await expectAccessible(page, "login");
  await screenshotBothThemes(page, "01-login");
  await page.getByLabel("Email").fill("analyst@apo.test");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await signIn(page);
  await expect(page.getByRole("heading", { level: 1, name: "Scans" })).toBeVisible();
});

test("new scan: a bad URL is rejected at the field, before any request", async () => {
  await page.goto("/scans/new");
  await expect(page.getByRole("radio", { name: /GDPR \+ ePrivacy/ })).toBeVisible();
  await expectAccessible(page, "new scan");
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/scan") && r.method() === "POST") posted = true;
  });
  await page.getByLabel("Website URL").fill("ftp://files.example/");
  await page.getByRole("button", { name: "Start scan" }).click();
  const url = page.getByLabel("Website URL");
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#url-error")).toContainText("http");
  await expect(url).toBeFocused();
  expect(posted).toBe(false);
  await page.getByLabel("Use an LLM").check();
  await expect(page.getByText("Keys are used for this scan only and never stored")).toBeVisible();
  await screenshotBothThemes(page, "02-new-scan-error");
  await page.getByLabel("Use an LLM").uncheck();
});

test("start a scan from the form and watch the console fill in live", async () => {
  test.setTimeout(180_000);
  await page.getByLabel("Website URL").fill(`https://${TARGET_HOST}/`);
  await page.getByRole("radio", { name: /GDPR \+ ePrivacy/ }).check();
  await page.getByLabel("Page budget").fill("4");
  await page.getByRole("button", { name: "Start scan" }).click();
  await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/);
  scanId = page.url().split("/").pop() ?? "";
  const consoleLog = page.getByTestId("agent-console");
  await expect(consoleLog).toBeVisible();
  await expect(page.getByRole("list", { name: "Agents" })).toBeVisible();
  // Lines arrive while the scan runs, not all at once at the end.
  await expect.poll(async () => consoleLog.locator("[data-level]").count(), { timeout: 60_000 }).toBeGreaterThan(3);
  await expect(page.getByTestId("report")).toHaveCount(0);
  await screenshotBothThemes(page, "03-scan-live");
  await expectAccessible(page, "scan live");
});

test("the report renders in place with a violation and its evidence screenshot", async () => {
  test.setTimeout(300_000);
  const report = page.getByTestId("report");
  await expect(report).toBeVisible({ timeout: 240_000 });
  const rows = page.getByTestId("violations-table").locator("tbody > tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-fines")).toContainText(/€|EUR/);
  // Open violations until one shows a banner screenshot.
  const toggles = page.getByRole("button", { name: /^Show details:/ });
  const n = await toggles.count();
  let shot = false;
  for (let i = 0; i < n && !shot; i++) {
    await page.getByRole("button", { name: /^Show details:/ }).first().click();
    shot = (await page.getByTestId("evidence-screenshot").count()) > 0;
  }
  expect(shot, "some violation shows an evidence screenshot").toBe(true);
  const img = page.getByTestId("evidence-screenshot").first();
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await expectAccessible(page, "report");
  await screenshotBothThemes(page, "04-scan-report");
});

test("download the JSON, the PDF and a CSV", async () => {
  for (const [label, check] of [
    ["Download JSON", (b: Buffer) => expect(JSON.parse(b.toString("utf8")).report_metadata.scan_id).toBe(scanId)],
    ["Download PDF report", (b: Buffer) => expect(b.subarray(0, 5).toString("latin1")).toBe("%PDF-")],
    ["Violations \\(CSV\\)", (b: Buffer) => expect(b.toString("utf8")).toMatch(/^\uFEFFframework,violation_type,/)],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: new RegExp(label) }).click()]);
    const path = await download.path();
    check(readFileSync(path));
  }
});

test("a share link opens in a fresh context without a session", async ({ browser }) => {
  await page.getByRole("button", { name: "Copy share link" }).click();
  const url = await page.getByTestId("share-url").inputValue();
  expect(url).toMatch(/^http/);
  const ctx = await browser.newContext();
  const anon = await ctx.newPage();
  const res = await anon.goto(url);
  expect(res?.status()).toBe(200);
  await expect(anon.locator("body")).toContainText(TARGET_HOST);
  await anon.screenshot({ path: "test-results/ui-screenshots/05-shared-report.png", fullPage: true });
  await ctx.close();
});

test("another user cannot see the scan", async ({ browser }) => {
  const ctx = await contextAsOtherUser(browser);
  const other = await ctx.newPage();
  await other.goto(`/scans/${scanId}`);
  await expect(other.getByText("Scan not found")).toBeVisible();
  expect((await other.request.get(`/api/results/${scanId}`)).status()).toBe(404);
  await other.goto("/scans");
  await expect(other.getByText("No scans yet")).toBeVisible();
  await ctx.close();
});

test("history lists the scan with its counts; compare renders", async () => {
  await page.goto("/scans");
  const row = page.getByTestId("scans-table").locator("tbody tr", { hasText: TARGET_HOST }).first();
  await expect(row).toContainText("Complete");
  await expectAccessible(page, "history");
  await screenshotBothThemes(page, "06-history");
  await page.goto(`/scans/compare?a=${scanId}&b=${scanId}`);
  await expect(page.getByRole("heading", { name: /Unchanged/ })).toBeVisible();
  await expectAccessible(page, "compare");
  await screenshotBothThemes(page, "07-compare");
});

test("API tokens: create (shown once), list, revoke; curl example", async () => {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("e2e pipeline");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").textContent();
  expect(token?.split(".")).toHaveLength(3);
  await expect(page.getByTestId("curl-example")).toContainText(`Bearer ${token}`);
  const api = await page.request.get("/api/scans", { headers: { Authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  await expectAccessible(page, "tokens");
  await screenshotBothThemes(page, "08-tokens");
  await page.getByRole("button", { name: "Revoke token e2e pipeline" }).click();
  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByRole("row", { name: /e2e pipeline/ })).toContainText("Revoked");
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});

test("sign out returns to the sign-in page", async () => {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login**");
  await page.goto("/scans");
  await expect(page).toHaveURL(/\/login/);
});
