#!/usr/bin/env node
// Drives one scan through a running APO server over its public HTTP API, the way an API client
// does: waits for GET /api/health, signs a bearer JWT (HS256, sub + exp) with APO_JWT_SECRET,
// POST /api/scan, polls GET /api/results/{id} (425 while running) and checks the report.
// Node built-ins only: runs on a CI runner, a laptop or inside the image.
//
//   APO_JWT_SECRET=... node deploy/smoke/smoke-client.mjs --base http://127.0.0.1:8000 \
//     --target http://www.smoke-shop.example/ [--framework GDPR] [--expect-violation CODE] \
//     [--crawl-depth 1] [--max-pages 2] [--health-only] [--timeout 300]
//
// Prints one JSON summary line; exits non-zero with the reason on any failure. Never prints the
// secret or the token.
/* eslint-disable no-restricted-properties -- runs on a CI runner, outside the app: lib/env.ts does not apply */
import { createHmac } from "node:crypto";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: "http://127.0.0.1:8000" },
    target: { type: "string" },
    framework: { type: "string", default: "GDPR" },
    "crawl-depth": { type: "string", default: "1" },
    "max-pages": { type: "string", default: "2" },
    "expect-violation": { type: "string", multiple: true, default: [] },
    "health-only": { type: "boolean", default: false },
    timeout: { type: "string", default: "300" },
  },
});

const base = values.base.replace(/\/$/, "");
const deadline = Date.now() + Number(values.timeout) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(message) {
  console.error(`smoke: FAIL ${message}`);
  process.exit(1);
}

const b64url = (data) => Buffer.from(data).toString("base64url");
function signJwt(secret, sub, ttlSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify({ sub, iat: now, exp: now + ttlSeconds }));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

async function waitForHealth() {
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return await res.json();
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(1000);
  }
  fail(`GET /api/health never answered 200 (${last})`);
}

const health = await waitForHealth();
if (values["health-only"]) {
  console.log(JSON.stringify({ ok: true, health }));
  process.exit(0);
}

if (!values.target) fail("--target URL is required for a scan");
const secret = process.env.APO_JWT_SECRET;
if (!secret) fail("APO_JWT_SECRET must be set (the same secret the server has)");
const auth = { Authorization: `Bearer ${signJwt(secret, "smoke-test", 3600)}` };

const created = await fetch(`${base}/api/scan`, {
  method: "POST",
  headers: { ...auth, "Content-Type": "application/json" },
  body: JSON.stringify({ url: values.target, framework: values.framework, crawl_depth: Number(values["crawl-depth"]), max_pages: Number(values["max-pages"]), use_llm: false }),
});
const createdBody = await created.text();
if (!created.ok) fail(`POST /api/scan answered ${created.status}: ${createdBody.slice(0, 500)}`);
const scanId = JSON.parse(createdBody).scan_id;
if (typeof scanId !== "string" || scanId === "") fail(`POST /api/scan returned no scan_id: ${createdBody.slice(0, 500)}`);

let report;
while (Date.now() < deadline) {
  const res = await fetch(`${base}/api/results/${scanId}`, { headers: auth });
  if (res.status === 425) {
    await sleep(2000);
    continue;
  }
  const text = await res.text();
  if (!res.ok) {
    const status = await fetch(`${base}/api/status/${scanId}`, { headers: auth }).then((r) => r.text(), () => "");
    fail(`GET /api/results/${scanId} answered ${res.status}: ${text.slice(0, 500)} (status: ${status.slice(0, 500)})`);
  }
  report = JSON.parse(text);
  break;
}
if (!report) fail(`scan ${scanId} did not finish within ${values.timeout} s`);

if (report.report_metadata?.scan_id !== scanId) fail(`report is not for scan ${scanId}`);
const types = [...new Set((report.violations ?? []).map((v) => v.violation_type))].sort();
for (const code of values["expect-violation"]) {
  if (!types.includes(code)) fail(`expected a ${code} violation; the report has ${types.join(", ") || "none"}`);
}
console.log(
  JSON.stringify({
    ok: true,
    scan_id: scanId,
    target: values.target,
    completeness: report.report_metadata?.completeness,
    browser_version: report.report_metadata?.browser_version,
    trackers: (report.trackers ?? []).length,
    violations: types,
  }),
);
