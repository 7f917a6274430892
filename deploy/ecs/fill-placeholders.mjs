#!/usr/bin/env node
// Fills the <NAME> placeholders of deploy/ecs/task-definition.json from environment variables of
// the same name, before aws-actions/amazon-ecs-render-task-definition sets the image.
//   AWS_ACCOUNT_ID and AWS_REGION are required; any other placeholder left empty drops its
//   `environment` entry (the app treats an absent variable as unset).
//
//   AWS_ACCOUNT_ID=123456789012 AWS_REGION=eu-west-1 node deploy/ecs/fill-placeholders.mjs IN OUT
/* eslint-disable no-restricted-properties -- runs on a CI runner, outside the app: lib/env.ts does not apply */
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node deploy/ecs/fill-placeholders.mjs IN OUT");
  process.exit(1);
}
const REQUIRED = ["AWS_ACCOUNT_ID", "AWS_REGION"];
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`fill-placeholders: ${missing.join(", ")} must be set`);
  process.exit(1);
}

const fill = (text) => text.replace(/<([A-Z][A-Z0-9_]*)>/g, (_, name) => process.env[name] ?? "");
const definition = JSON.parse(readFileSync(input, "utf8"));
const walk = (value) => {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
  return value;
};
const filled = walk(definition);
for (const container of filled.containerDefinitions ?? []) {
  container.environment = (container.environment ?? []).filter((entry) => entry.value !== "");
}
writeFileSync(output, `${JSON.stringify(filled, null, 2)}\n`);
const names = [...new Set([...readFileSync(input, "utf8").matchAll(/<([A-Z][A-Z0-9_]*)>/g)].map((m) => m[1]))];
console.log(`filled ${names.join(", ")} (values not printed)`);
