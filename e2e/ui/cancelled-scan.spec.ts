import { expect, test } from "@playwright/test";
import { ANALYST, auth, tokenFor } from "../api/helpers";
import { signIn } from "./helpers";

// A scan cancelled mid-crawl keeps the evidence it gathered: GET /api/status lists it, and the
// scan's page offers it for download (it used to say "No evidence files were written").

test("a cancelled scan's status and page list the partial evidence it kept", async ({ request, page }) => {
  const token = await tokenFor(ANALYST);
  const created = await request.post("/api/scan", { headers: auth(token), data: { url: "https://www.compliant.example/", framework: "GDPR", crawl_depth: 2 } });
  expect(created.status()).toBe(202);
  const { scan_id: scanId } = (await created.json()) as { scan_id: string };

  // Cancel once the crawl has loaded a page: there is evidence to keep by then.
  await expect
    .poll(async () => ((await (await request.get(`/api/status/${scanId}`, { headers: auth(token) })).json()) as { progress: { discovery: number } }).progress.discovery, { timeout: 60_000 })
    .toBeGreaterThan(0);
  expect((await request.post(`/api/scans/${scanId}/cancel`, { headers: auth(token) })).status()).toBe(200);
  await expect.poll(async () => ((await (await request.get(`/api/status/${scanId}`, { headers: auth(token) })).json()) as { status: string }).status, { timeout: 60_000 }).toBe("cancelled");

  const status = (await (await request.get(`/api/status/${scanId}`, { headers: auth(token) })).json()) as { artifacts: Array<{ file: string; url: string }> };
  expect(status.artifacts.map((a) => a.file)).toContain("evidence.json");
  const evidence = status.artifacts.find((a) => a.file === "evidence.json")!;
  const download = await request.get(evidence.url, { headers: auth(token) });
  expect(download.status()).toBe(200);
  expect(((await download.json()) as { completeness: string }).completeness).toBe("partial");

  await signIn(page);
  await page.goto(`/scans/${scanId}`);
  await expect(page.getByRole("heading", { name: "Evidence collected" })).toBeVisible();
  await expect(page.getByRole("link", { name: "evidence.json" })).toBeVisible();
  await expect(page.getByText("No evidence files were written")).toHaveCount(0);
});
