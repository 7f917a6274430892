import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi";

describe("OpenAPI: operations endpoints", () => {
  it("documents /api/ready (200/503 with the checks) and /api/metrics (its own bearer token, 401, 404 when off)", () => {
    const doc = buildOpenApiDocument();
    const ready = doc.paths?.["/api/ready"]?.get;
    expect(Object.keys(ready?.responses ?? {})).toEqual(["200", "503"]);
    expect(ready?.security).toBeUndefined();
    const readiness = doc.components?.schemas?.Readiness as { properties?: Record<string, unknown> } | undefined;
    expect(Object.keys(readiness?.properties ?? {})).toEqual(["status", "checks"]);
    const metrics = doc.paths?.["/api/metrics"]?.get;
    expect(Object.keys(metrics?.responses ?? {})).toEqual(["200", "401", "404"]);
    expect(metrics?.security).toEqual([{ metricsToken: [] }]);
    expect(metrics?.description).toContain("apo_queue_depth");
    expect(doc.components?.securitySchemes).toHaveProperty("metricsToken");
  });
});
