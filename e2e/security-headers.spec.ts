import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "../playwright.config";

// The Content-Security-Policy and HSTS of the built server (NODE_ENV=production), in Chromium.

/** A policy as directive name → sources. */
function parse(csp: string | undefined): Map<string, string[]> {
  expect(csp, "a Content-Security-Policy header").toBeTruthy();
  return new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

/** Every CSP violation the page reports, and every request it makes. */
function watch(page: Page): { violations: string[]; requests: string[] } {
  const seen = { violations: [] as string[], requests: [] as string[] };
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.violations.push(m.text());
  });
  page.on("request", (r) => seen.requests.push(r.url()));
  return seen;
}

// Zod (in Scalar's bundle and in our client components) probes once for eval with new Function(""),
// catches the refusal and parses without it (scalar/scalar#8182, colinhacks/zod#4461): Chromium
// still reports that probe. Every other report is a script or style the policy wrongly blocked.
const unexpected = (violations: string[]) => violations.filter((v) => !/violation: script-src eval |Refused to evaluate a string as JavaScript/.test(v));

test.beforeEach(async ({ page }) => {
  // Init scripts run outside the page's CSP, so this reports what the policy blocked.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
  });
});

test("a page carries a nonce policy that Next's scripts and the theme script satisfy, and HSTS", async ({ page }) => {
  const seen = watch(page);
  const response = await page.goto("/login");
  const headers = response!.headers();
  const policy = parse(headers["content-security-policy"]);
  const nonce = /'nonce-([^']+)'/.exec(policy.get("script-src")!.join(" "))?.[1];
  expect(nonce).toBeTruthy();
  expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");

  // Every script in the document (Next's and the inline theme script) carries this request's nonce.
  const html = await response!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(1);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = parse((await page.request.get("/login")).headers()["content-security-policy"]);
  expect(again.get("script-src")).not.toContain(`'nonce-${nonce}'`);

  // The form signs in only through JavaScript (without it, it would submit as a GET to /login).
  await page.getByLabel("Email").fill(e2eEnv.adminEmail);
  await page.getByLabel("Password").fill(e2eEnv.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/scans");
  await expect(page.getByRole("heading", { level: 1, name: "Scans" })).toBeVisible();
  expect(unexpected(seen.violations)).toEqual([]);
});

test("the theme script runs under the policy before Next's scripts do", async ({ browser }) => {
  const ctx = await browser.newContext({ colorScheme: "dark" });
  const page = await ctx.newPage();
  const seen = watch(page);
  // Without Next's bundles only the inline theme script can have put the class on <html>.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto("/login");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(seen.violations).toEqual([]);
  await ctx.close();
});

test("/docs renders the API reference from this origin alone", async ({ page, baseURL }) => {
  const seen = watch(page);
  const spec = page.waitForResponse("**/api/openapi.json");
  const response = await page.goto("/docs");
  const policy = parse(response!.headers()["content-security-policy"]);
  expect(policy.get("script-src")).toHaveLength(1);
  expect(policy.get("script-src")![0]).toMatch(/^'nonce-/);
  expect(policy.get("connect-src")).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);

  expect((await spec).status()).toBe(200);
  await expect(page.getByRole("heading", { name: /APO – Autonomous Privacy Observability API/ })).toBeVisible();
  await expect(page.getByText("Start a scan").first()).toBeVisible();
  await page.waitForTimeout(1500); // anything the reference fetches once it has rendered
  await page.screenshot({ path: "test-results/security/docs.png" });
  const origin = new URL(baseURL!).origin;
  expect(seen.requests.filter((u) => new URL(u).origin !== origin && !/^(data|blob):/.test(u))).toEqual([]);
  expect(seen.requests).toContain(`${origin}/docs/scalar.js`);
  expect(unexpected(seen.violations)).toEqual([]);
});

test("the 404 page renders under the policy", async ({ page }) => {
  const seen = watch(page);
  // (Under /docs so the sign-in redirect does not apply.)
  expect((await page.goto("/docs/no-such-page"))!.status()).toBe(404);
  await expect(page.getByText("this page could not be found")).toBeVisible();
  await expect(page.locator("header")).toHaveCSS("display", "flex"); // the app's stylesheet applies
  expect(unexpected(seen.violations)).toEqual([]);
});

test("API responses carry a policy too", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  const policy = parse(health.headers()["content-security-policy"]);
  expect(policy.get("default-src")).toEqual(["'none'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(health.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});
