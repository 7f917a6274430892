import { z } from "zod";
import { EvidenceReportSchema, REPORT_VERSION } from "./report";

/** Where `npm run schemas` publishes each report version's schema, relative to the repository root. */
export const REPORT_SCHEMA_DIR = "docs/schemas/evidence-report";
export const reportSchemaFile = (version: string): string => `${REPORT_SCHEMA_DIR}/${version}.schema.json`;
/** The latest version's schema, at the path clients have used since before versions were published. */
export const LATEST_REPORT_SCHEMA_FILE = "docs/schemas/evidence-report.schema.json";

/**
 * The evidence report's JSON Schema (draft 2020-12), generated from EvidenceReportSchema for API
 * clients that generate types. Served at GET /api/schemas/evidence-report.json and committed as
 * docs/schemas/evidence-report.schema.json and docs/schemas/evidence-report/<REPORT_VERSION>.schema.json
 * (`npm run schemas`). Older versions' files are frozen: they describe reports already stored.
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
