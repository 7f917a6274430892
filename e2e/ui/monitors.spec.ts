import { expect, test, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { startWebhookReceiver, type ReceivedWebhook as Received, type WebhookReceiver } from "../../tests/support/webhook-receiver";
import { contextAsOtherUser, expectAccessible, screenshotBothThemes, signIn } from "./helpers";

// One analyst's monitor, in order: create it through the form, run it, read the run's diff,
// send a test webhook to a local receiver and verify its signature, pause, edit, delete.
test.describe.configure({ mode: "serial" });

const TARGET_HOST = "www.reject-ignored.example";
let page: Page;
let monitorId = "";
let secret = "";

// The webhook receiver: the APO server POSTs to it over loopback (APO_ALLOW_PRIVATE_TARGETS is on in e2e).
let receiver: WebhookReceiver;
let received: Received[] = [];
let hookUrl = "";

test.beforeAll(async ({ browser }) => {
  // The delivery log must read "HTTP 200".
  receiver = await startWebhookReceiver("/apo-hook", { status: 200, headers: { "content-type": "text/plain" }, body: "ok" });
  ({ received, url: hookUrl } = receiver);
  // axe needs a page from an explicit context, not browser.newPage().
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await ctx.newPage();
  await signIn(page);
});

test.afterAll(async () => {
  await page.context().close();
  await receiver.close();
});

function eventsOfType(type: string): Array<Received & { json: { type: string } }> {
  return received.map((r) => ({ ...r, json: JSON.parse(r.body) as { type: string } })).filter((r) => r.json.type === type);
}

function signatureVerifies(r: Received, key: string): boolean {
  const ts = String(r.headers["x-apo-timestamp"] ?? "");
  const expected = `sha256=${createHmac("sha256", key).update(`${ts}.${r.body}`).digest("hex")}`;
  return ts !== "" && r.headers["x-apo-signature"] === expected;
}

test("Monitors is in the navigation; someone without monitors sees the call to action", async ({ browser }) => {
  await page.goto("/scans");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitors" }).click();
  await page.waitForURL("**/monitors");
  await expect(page.getByRole("heading", { level: 1, name: "Monitors" })).toBeVisible();

  const ctx = await contextAsOtherUser(browser, "no-monitors-yet@apo.test");
  const other = await ctx.newPage();
  await other.goto("/monitors");
  await expect(other.getByText("No monitors yet")).toBeVisible();
  await expect(other.getByRole("main").getByRole("link", { name: "New monitor" })).toHaveCount(2);
  await expectAccessible(other, "monitors empty");
  await ctx.close();
});

test("new monitor: an interval under the server's floor is refused at the field, a preset is accepted", async () => {
  await page.goto("/monitors/new");
  await expect(page.getByRole("radio", { name: /GDPR \+ ePrivacy/ })).toBeVisible();
  await expectAccessible(page, "new monitor");
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/monitors") && r.method() === "POST") posted = true;
  });

  await page.getByLabel("Website URL").fill(`https://${TARGET_HOST}/`);
  await page.getByRole("radio", { name: /GDPR \+ ePrivacy/ }).check();
  await page.getByLabel("Page budget").fill("2");
  await page.getByLabel("Webhook URL (optional)").fill(hookUrl);

  // The hint names this server's floor (APO_MONITOR_MIN_INTERVAL_MINUTES); one minute less is refused.
  const hint = await page.locator("#interval_minutes-hint").textContent();
  const floor = Number(/At least (\d+) minutes/.exec(hint ?? "")?.[1]);
  expect(floor).toBeGreaterThanOrEqual(1);
  const interval = page.getByLabel("Interval (minutes)");
  await interval.fill(String(floor - 1));
  await page.getByRole("button", { name: "Create monitor" }).click();
  await expect(interval).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#interval_minutes-error")).toContainText(floor > 1 ? `at least ${floor} minutes` : "at least");
  await expect(interval).toBeFocused();
  expect(posted).toBe(false);
  await screenshotBothThemes(page, "09-new-monitor-error");

  await page.getByRole("button", { name: "Daily" }).click();
  await expect(interval).toHaveValue("1440");
  await expect(page.getByRole("button", { name: "Daily" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#interval_minutes-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Create monitor" }).click();

  // The secret is shown once, with how to verify a delivery.
  const secretBox = page.getByTestId("webhook-secret");
  await expect(secretBox).toBeVisible();
  secret = (await secretBox.textContent())?.trim() ?? "";
  expect(secret.length).toBeGreaterThanOrEqual(16);
  await expect(page.getByText("X-APO-Signature", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("more than 5 minutes old")).toBeVisible();
  await expectAccessible(page, "monitor created");
  await page.getByRole("link", { name: "Open the monitor" }).click();
  await page.waitForURL(/\/monitors\/[0-9a-f-]{36}$/);
  monitorId = page.url().split("/").pop() ?? "";
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TARGET_HOST);
  await expect(page.getByText("daily (1440 min)")).toBeVisible();
});

test("run now: the button waits while a run is in progress; the run completes with its diff", async () => {
  test.setTimeout(420_000);
  const runNow = page.getByRole("button", { name: "Run now" });
  // A server may start a monitor's first run at once; "Run now" is enabled again when it ends.
  await expect(runNow).toBeEnabled({ timeout: 240_000 });
  await expectAccessible(page, "monitor page");
  const runsBefore = await page.getByTestId("monitor-run").count();
  // The scheduler may claim a due first run at the same moment: then the click is refused as a
  // conflict (runs never overlap), and "Run now" is tried again once that run has finished.
  for (let attempt = 1; ; attempt++) {
    await page.getByRole("button", { name: "Run now" }).click();
    const conflict = page.getByText("already in progress");
    await expect(page.getByTestId("monitor-run").nth(runsBefore).or(conflict)).toBeVisible({ timeout: 30_000 });
    if ((await conflict.count()) === 0 || attempt === 3) break;
    await expect(page.getByRole("button", { name: "Run now" })).toBeEnabled({ timeout: 240_000 });
  }
  await expect(page.getByText("already in progress")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Run now" })).toBeDisabled();
  await expect(page.getByText("A run is in progress")).toBeVisible();

  const newest = page.getByTestId("monitor-run").first();
  await expect(newest).toHaveAttribute("data-status", "complete", { timeout: 300_000 });
  await expect(newest.getByTestId("run-diff")).toBeVisible();
  await expect(newest.locator("summary").first()).toHaveText(/Baseline run|No change since the previous good run|new|fixed|changed/);
  await expect(newest.getByRole("link", { name: /Open the scan/ })).toHaveAttribute("href", /\/scans\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("button", { name: "Run now" })).toBeEnabled();
  await expect(page.getByTestId("trend-chart")).toBeVisible();
  await expect(page.getByRole("table", { name: /Score and violations over the last \d+ completed run/ })).toHaveCount(1);
  await expectAccessible(page, "monitor page with a run");
  await screenshotBothThemes(page, "10-monitor-run");
});

test("send a test event: it reaches the receiver signed, and the log shows it delivered", async () => {
  test.setTimeout(120_000);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  const row = page.getByTestId("deliveries-table").locator("tbody tr", { hasText: "monitor.test" }).first();
  await expect(row).toHaveAttribute("data-status", "delivered", { timeout: 60_000 });
  await expect(row).toContainText("HTTP 200");

  await expect.poll(() => eventsOfType("monitor.test").length).toBeGreaterThan(0);
  const testEvent = eventsOfType("monitor.test")[0]!;
  expect(signatureVerifies(testEvent, secret)).toBe(true);
  expect(signatureVerifies(testEvent, `${secret}x`)).toBe(false);
  // The completed run was delivered too (alert_on defaults to every run).
  await expect.poll(() => eventsOfType("monitor.run.completed").length, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(signatureVerifies(eventsOfType("monitor.run.completed")[0]!, secret)).toBe(true);
  await expect(page.getByTestId("deliveries-table")).toContainText("monitor.run.completed");
  await expectAccessible(page, "monitor page with deliveries");
});

test("pause and resume", async () => {
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Paused").first()).toBeVisible();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
});

test("edit: the form shows the monitor's settings and saves a new interval", async () => {
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.waitForURL(`**/monitors/${monitorId}/edit`);
  await expect(page.getByLabel("Website URL")).toHaveValue(`https://${TARGET_HOST}/`);
  await expect(page.getByLabel("Interval (minutes)")).toHaveValue("1440");
  await expect(page.getByLabel("Webhook URL (optional)")).toHaveValue(hookUrl);
  await expectAccessible(page, "edit monitor");
  await page.getByRole("button", { name: "Weekly" }).click();
  await page.getByRole("button", { name: "Save monitor" }).click();
  await page.waitForURL(`**/monitors/${monitorId}`);
  await expect(page.getByText("weekly (10080 min)")).toBeVisible();
});

test("the list shows the monitor with its last run and trend", async () => {
  await page.goto("/monitors");
  const row = page.getByTestId("monitors-table").locator("tbody tr").filter({ has: page.locator(`a[href="/monitors/${monitorId}"]`) });
  await expect(row).toContainText("weekly");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Complete");
  await expect(row.getByRole("img", { name: /^Score/ })).toBeVisible();
  await expectAccessible(page, "monitors list");
  await screenshotBothThemes(page, "11-monitors");
});

test("another user cannot see the monitor", async ({ browser }) => {
  const ctx = await contextAsOtherUser(browser);
  const other = await ctx.newPage();
  await other.goto(`/monitors/${monitorId}`);
  await expect(other.getByText("Monitor not found")).toBeVisible();
  await ctx.close();
});

test("delete asks for confirmation, then the monitor is gone", async () => {
  await page.goto(`/monitors/${monitorId}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("button", { name: "Confirm: delete monitor" }).click();
  await page.waitForURL("**/monitors");
  await expect(page.getByTestId("monitors-table").or(page.getByText("No monitors yet"))).toBeVisible();
  await expect(page.locator(`a[href="/monitors/${monitorId}"]`)).toHaveCount(0);
  await page.goto(`/monitors/${monitorId}`);
  await expect(page.getByText("Monitor not found")).toBeVisible();
});
