/**
 * npm run scan -- <url> --framework GDPR --depth 2 --out ./scan-output/x
 * Runs the whole pipeline without a server. Exit codes: 0 ok, 1 a violation at or above
 * --fail-on, 2 scan error or bad arguments.
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { runScan } from "@/agents/pipeline";
import type { AgentContext } from "@/agents/types";
import { getEnv } from "@/lib/env";
import { signLocalScan } from "@/lib/evidence/sign-local-scan";
import { engineSettingsFromEnv } from "@/lib/scans/engine/engine-settings";
import type { EvidenceReport, Severity } from "@/lib/schemas/report";
import { regionIds } from "@/lib/schemas/region";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { frameworkFields, regionField } from "./scan-args";

const USAGE = `usage: npm run scan -- <url> [--framework CCPA|GDPR|… (repeatable; the first is the primary)] [--frameworks GDPR,CCPA]
       [--region ${regionIds.join("|")} (default: the primary framework's)]
       [--depth 1-5] [--max-pages n] [--out dir]
       [--fail-on HIGH|MEDIUM|LOW] [--json] [--affected-consumers n] [--turnover amount --currency EUR]
env: APO_HOST_RESOLVER_RULES, APO_IGNORE_HTTPS_ERRORS, APO_ALLOW_PRIVATE_TARGETS, APO_CHROMIUM_PATH, APO_SCAN_TIMEOUT, APO_REGION_PROXIES`;

const SEVERITY_RANK: Record<Severity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      framework: { type: "string", multiple: true },
      frameworks: { type: "string" },
      region: { type: "string" },
      depth: { type: "string", default: "2" },
      "max-pages": { type: "string" },
      out: { type: "string" },
      "fail-on": { type: "string" },
      json: { type: "boolean", default: false },
      "affected-consumers": { type: "string" },
      turnover: { type: "string" },
      currency: { type: "string", default: "EUR" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const url = positionals[0];
  if (!url) fail("a URL is required");
  const failOn = values["fail-on"]?.toUpperCase();
  if (failOn !== undefined && !(failOn in SEVERITY_RANK)) fail("--fail-on must be HIGH, MEDIUM or LOW");
  const parsed = ScanRequestSchema.safeParse({
    url,
    ...frameworkFields(values.framework, values.frameworks),
    ...regionField(values.region),
    crawl_depth: values.depth,
    max_pages: values["max-pages"],
    affected_consumers: values["affected-consumers"],
    annual_turnover: values.turnover !== undefined ? { amount: Number(values.turnover), currency: values.currency ?? "EUR" } : undefined,
  });
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
  return { request: parsed.data, out: values.out, json: values.json ?? false, failOn: failOn as Severity | undefined };
}

const tty = process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const LEVEL_COLOUR: Record<string, string> = { INFO: "36", SUCCESS: "32", WARNING: "33", ERROR: "31" };

function summary(report: EvidenceReport, outDir: string): string {
  const s = report.violation_summary;
  const lines = [
    "",
    paint("1", `Compliance score ${report.compliance_score.score}/100 (${report.compliance_score.grade}) under ${report.report_metadata.framework}`),
    `Violations: ${s.total}   HIGH ${s.severity_breakdown.HIGH}   MEDIUM ${s.severity_breakdown.MEDIUM}   LOW ${s.severity_breakdown.LOW}   inconclusive ${s.inconclusive}   observations ${s.observations}`,
    `Max potential penalty: ${s.max_potential_penalty === null ? "n/a" : `${s.max_potential_penalty.toLocaleString("en-US")} ${s.penalty_currency ?? ""}`}${s.max_potential_penalty_usd !== null && s.penalty_currency !== "USD" ? ` (≈ ${s.max_potential_penalty_usd.toLocaleString("en-US")} USD)` : ""}`,
    ...(report.report_metadata.region ? [`Visitor region: ${report.report_metadata.region.label} (${report.report_metadata.region.locale}, ${report.report_metadata.region.timezone}${report.report_metadata.region.via_region_proxy ? ", via the region's proxy" : ""})`] : []),
    ...report.framework_results
      .filter((r) => !r.primary)
      .map((r) => `Also under ${r.framework}: score ${r.compliance_score.score}/100 (${r.compliance_score.grade}), ${r.violation_summary.total} violation(s), ${r.violation_summary.inconclusive} inconclusive`),
    "",
  ];
  const top = report.violations.filter((v) => v.status === "violation").sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, 10);
  if (top.length) {
    const width = Math.max(...top.map((v) => v.rule_id.length), 7);
    lines.push(`${"SEVERITY".padEnd(9)}${"RULE".padEnd(width + 2)}TYPE / TITLE`);
    for (const v of top) {
      const sev = v.severity.padEnd(9);
      lines.push(`${paint(v.severity === "HIGH" ? "31" : v.severity === "MEDIUM" ? "33" : "36", sev)}${v.rule_id.padEnd(width + 2)}${v.violation_type}: ${v.rule_title}`);
    }
    lines.push("");
  }
  lines.push(`Artefacts in ${outDir}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { request, out, json, failOn } = parse();
  const scanId = `cli-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 6)}`;
  const outDir = resolve(out ?? `scan-output/${scanId}`);
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  const started = Date.now();
  const log = json ? process.stderr : process.stdout;
  const ctx: AgentContext = {
    scanId,
    signal: controller.signal,
    emit(event) {
      const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
      const agent = event.agent.padEnd(13);
      log.write(`${paint("2", t)} ${paint(LEVEL_COLOUR[event.level] ?? "0", agent)} ${event.msg}\n`);
    },
  };
  // The CLI may use the environment's own LLM keys (the service passes them per scan instead).
  const outcome = await runScan({ scanId, request, outDir }, ctx, { settings: engineSettingsFromEnv(undefined, { withLlmKeys: true }) });
  if (outcome.artifacts.length > 0) {
    const timing = { scanId, targetUrl: request.url, startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString() };
    const signed = await signLocalScan(getEnv(), outDir, outcome, timing);
    log.write(`${signed.keyId ? `Signed manifest.json (key ${signed.keyId.slice(0, 16)}…)` : "manifest.json written unsigned (no signing key)"}: npm run verify -- ${outDir}\n`);
  }
  if (json) {
    if (outcome.report) process.stdout.write(`${JSON.stringify(outcome.report, null, 2)}\n`);
  } else if (outcome.report) {
    process.stdout.write(`${summary(outcome.report, outDir)}\n`);
  }
  if (outcome.status !== "complete") {
    process.stderr.write(`${paint("31", `Scan ${outcome.status}`)}: ${outcome.error?.code ?? ""} ${outcome.error?.message ?? ""}\n`);
    process.exit(2);
  }
  if (failOn && outcome.report) {
    const threshold = SEVERITY_RANK[failOn];
    const hit = outcome.report.violations.some((v) => v.status === "violation" && SEVERITY_RANK[v.severity] >= threshold);
    if (hit) process.exit(1);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`scan failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
