import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/schemas/evidence-report.json/route";
import { buildOpenApiDocument } from "@/lib/openapi";
import { evidenceReportJsonSchema, evidenceReportJsonSchemaText } from "@/lib/schemas/report-json-schema";

// API clients generate types from the report's JSON Schema: the committed copy, the served one and
// the OpenAPI document all come from EvidenceReportSchema.

const COMMITTED = join(__dirname, "..", "..", "..", "docs", "schemas", "evidence-report.schema.json");

describe("the evidence report's JSON Schema", () => {
  it("is committed up to date (run `npm run schemas` after changing lib/schemas/report.ts)", () => {
    expect(readFileSync(COMMITTED, "utf8")).toBe(evidenceReportJsonSchemaText());
  });

  it("describes what a client may receive: defaulted fields optional, objects open", () => {
    const schema = evidenceReportJsonSchema() as { $schema: string; required: string[]; properties: Record<string, unknown>; additionalProperties?: unknown };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toContain("violations");
    expect(schema.properties).toHaveProperty("refused_links");
    expect(schema.required).not.toContain("refused_links");
    expect(schema.additionalProperties).toBeUndefined();
  });

  it("is served publicly and cacheably at GET /api/schemas/evidence-report.json", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/schema+json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await res.text()).toBe(evidenceReportJsonSchemaText());
  });
});

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument() as unknown as {
    paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
    components: { schemas: Record<string, { properties: Record<string, { enum?: unknown[] }>; required?: string[] }> };
  };

  it("documents GET /api/results/{scan_id} with the EvidenceReport schema", () => {
    expect(doc.paths["/api/results/{scan_id}"]?.get?.responses["200"]?.content?.["application/json"]?.schema.$ref).toBe("#/components/schemas/EvidenceReport");
    expect(doc.components.schemas.EvidenceReport?.required).toContain("violation_summary");
  });

  it("documents the union of scan error codes in the status", () => {
    expect(JSON.stringify(doc.components.schemas.ScanStatus)).toContain('"enum":["private_target","unresolvable_target",');
  });

  it("lists GET /api/schemas/evidence-report.json without authentication", () => {
    const op = doc.paths["/api/schemas/evidence-report.json"]?.get;
    expect(op).toBeDefined();
    expect(op?.security).toBeUndefined();
  });
});
