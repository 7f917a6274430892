import { evidenceReportJsonSchemaText } from "@/lib/schemas/report-json-schema";

export const dynamic = "force-static";

// GET /api/schemas/evidence-report.json – the report's JSON Schema, generated from the zod schema (no auth)
export function GET() {
  return new Response(evidenceReportJsonSchemaText(), {
    headers: { "Content-Type": "application/schema+json", "Cache-Control": "public, max-age=3600" },
  });
}
