import { expect, test } from "@playwright/test";

test("the built server answers health checks without auth", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});
