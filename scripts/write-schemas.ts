// npm run schemas – writes the JSON Schemas generated from lib/schemas into docs/schemas/, for API
// clients that generate types. A unit test fails when the committed copy is stale.
//
// The report's schema is published per version (docs/schemas/evidence-report/<version>.schema.json)
// and as the latest (docs/schemas/evidence-report.schema.json). A published version is a contract:
// if the generated schema differs from the committed file of REPORT_VERSION, the shape changed and
// this refuses to overwrite it: add a version to REPORT_VERSIONS (lib/schemas/report.ts) instead.
// `--amend` overwrites anyway, for a version not yet released.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { evidenceReportJsonSchemaText, LATEST_REPORT_SCHEMA_FILE, reportSchemaFile } from "../lib/schemas/report-json-schema";
import { REPORT_VERSION } from "../lib/schemas/report";

const root = join(import.meta.dirname, "..");
const text = evidenceReportJsonSchemaText();
const versioned = join(root, reportSchemaFile(REPORT_VERSION));

if (existsSync(versioned) && readFileSync(versioned, "utf8") !== text && !process.argv.includes("--amend")) {
  process.stderr.write(
    `the report's shape changed: bump REPORT_VERSION (add a version to REPORT_VERSIONS in lib/schemas/report.ts) and run npm run schemas again\n` +
      `(${reportSchemaFile(REPORT_VERSION)} is published; pass --amend to overwrite a version that was never released)\n`,
  );
  process.exit(1);
}

for (const file of [versioned, join(root, LATEST_REPORT_SCHEMA_FILE)]) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
