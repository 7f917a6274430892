// Adds up the JSON results of every test layer into one closing line: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...failedSteps] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const layers = [];

function readJson(file) {
  const path = join(dir, file);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
}

for (const layer of ["unit", "integration"]) {
  const r = readJson(`${layer}.json`);
  if (!r) { layers.push(`${layer}: no results`); continue; }
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  totals.passed += r.numPassedTests; totals.failed += r.numFailedTests; totals.skipped += skipped;
  layers.push(`${layer}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
const e2e = readJson("e2e.json");
if (e2e) {
  const s = e2e.stats;
  const failed = s.unexpected + (s.flaky ?? 0);
  totals.passed += s.expected; totals.failed += failed; totals.skipped += s.skipped;
  layers.push(`e2e: ${s.expected} passed, ${failed} failed, ${s.skipped} skipped`);
} else layers.push("e2e: no results");

console.log("\n" + layers.join("\n"));
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(", ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
