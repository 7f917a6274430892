import { z } from "zod";
import { EvidenceReportSchema, REPORT_VERSION } from "./report";

/**
 * The evidence report's JSON Schema (draft 2020-12), generated from EvidenceReportSchema for API
 * clients that generate types. Served at GET /api/schemas/evidence-report.json and committed as
 * docs/schemas/evidence-report.schema.json (`npm run schemas`).
 *
 * Input mode, on purpose: it describes what EvidenceReportSchema accepts, which is what a client
 * may receive. A field with a default (refused_links) is optional, since reports stored by an
 * earlier version lack it, and objects stay open, since fields are added to the report over time.
 * (Output mode would require defaulted fields and forbid unknown ones.) The schema has no
 * transforms, so nothing is lost either way.
 */
export function evidenceReportJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(EvidenceReportSchema, { target: "draft-2020-12", io: "input", unrepresentable: "throw" });
  return {
    $schema,
    title: "EvidenceReport",
    description: `The APO evidence report (report_version ${REPORT_VERSION}): what GET /api/results/{scan_id} returns and evidence_report.json holds.`,
    ...rest,
  };
}

/** The committed file's exact text, so a stale copy is a byte difference. */
export function evidenceReportJsonSchemaText(): string {
  return `${JSON.stringify(evidenceReportJsonSchema(), null, 2)}\n`;
}
