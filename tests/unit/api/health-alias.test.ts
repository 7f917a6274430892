import { describe, expect, it } from "vitest";
import * as alias from "@/app/health/route";
import * as api from "@/app/api/health/route";

describe("GET /health", () => {
  it("is GET /api/health: the same handler, runtime and caching", async () => {
    expect(alias.GET).toBe(api.GET);
    expect(alias.runtime).toBe(api.runtime);
    expect(alias.dynamic).toBe(api.dynamic);
    const res = alias.GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ status: "ok", service: "apo" });
  });
});
