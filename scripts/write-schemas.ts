// npm run schemas – writes the JSON Schemas generated from lib/schemas into docs/schemas/, for API
// clients that generate types. A unit test fails when the committed copy is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { evidenceReportJsonSchemaText } from "../lib/schemas/report-json-schema";

const file = join(import.meta.dirname, "..", "docs", "schemas", "evidence-report.schema.json");
writeFileSync(file, evidenceReportJsonSchemaText());
process.stdout.write(`wrote ${file}\n`);
