import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { baselineSummary, buildBaseline, compareWithBaseline, findingsOf, parseBaseline, serializeBaseline, type Baseline, type Finding } from "@/lib/outputs/baseline";
import { renderOutput } from "@/lib/outputs";
import type { EvidenceReport } from "@/lib/schemas/report";
import { EXIT, exitCodeFor, type ExitCode } from "./exit-code";
import { runLocalScan } from "./local-scan";
import { parseScanArgs, SCAN_HELP, type ScanOptions } from "./options";
import { progressSink } from "./progress";
import { RemoteError, runRemoteScan } from "./remote-scan";
import type { ScanResult } from "./scan-result";
import { CLI_VERSION } from "./version";

export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** `apo scan`: runs the scan (here or on a server), writes the outputs, applies the baseline, decides the exit code. */
export async function scanCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const parsed = parseScanArgs(argv, io.env);
  if (parsed.kind === "help") {
    io.stdout.write(`${SCAN_HELP}\n`);
    return EXIT.clean;
  }
  if (parsed.kind === "error") {
    io.stderr.write(`apo scan: ${parsed.message}\nRun \`apo scan --help\` for the options.\n`);
    return EXIT.failed;
  }
  try {
    return await runScanCommand(parsed.options, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`apo scan: ${error instanceof RemoteError || error instanceof UsageError ? message : `failed: ${message}`}\n`);
    return EXIT.failed;
  }
}

async function runScanCommand(options: ScanOptions, io: CommandIo): Promise<ExitCode> {
  // Files are read before the scan so a typo fails in a second, not after minutes of crawling.
  const baseline = options.baseline !== undefined ? readBaseline(options.baseline) : null;
  // The file --write-baseline replaces: the reasons and expiries people wrote in it are kept.
  const previousBaseline = options.writeBaseline !== undefined && existsSync(options.writeBaseline) ? readBaseline(options.writeBaseline) : null;

  const outDir = options.out !== undefined ? resolve(options.out) : undefined;
  if (outDir) mkdirSync(outDir, { recursive: true });
  // The engine writes its artefacts (evidence, HARs, screenshots, PDF) somewhere: kept under --out, else thrown away.
  const artefactDir = outDir ? join(outDir, "artifacts") : mkdtempSync(join(tmpdir(), "apo-scan-"));
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  const progress = progressSink(io.stderr, { quiet: options.quiet });
  let result: ScanResult;
  try {
    result =
      options.server !== undefined && options.token !== undefined
        ? await runRemoteScan(options.requestInput, { server: options.server, token: options.token, signal: controller.signal, onEvent: (e) => progress.event(e) })
        : await runLocalScan(options.request, { outDir: artefactDir, keepPdf: outDir !== undefined, signal: controller.signal, onEvent: (e) => progress.event(e), signingKey: io.env.APO_SIGNING_KEY });
  } finally {
    progress.done();
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
    if (!outDir) rmSync(artefactDir, { recursive: true, force: true });
  }
  if (!result.completed) {
    io.stderr.write(`apo scan: ${result.error}\n`);
    return EXIT.failed;
  }

  const now = new Date();
  const findings = findingsOf(result.report);
  const comparison = baseline ? compareWithBaseline(findings, baseline, now) : null;
  const counted = comparison ? comparison.newFindings : findings;
  const onlyFingerprints = comparison ? new Set(comparison.newFindings.map((f) => f.fingerprint)) : undefined;

  for (const format of options.formats) {
    const rendered = renderOutput(format, result.report, { toolVersion: CLI_VERSION, reportUrl: result.reportUrl, onlyFingerprints, newOnly: onlyFingerprints });
    // The JSON report stays whole (it is the report's schema); with a baseline it names the new findings.
    const body = format === "json" && onlyFingerprints ? `${JSON.stringify({ ...result.report, new_fingerprints: [...onlyFingerprints].sort() }, null, 2)}\n` : rendered.body;
    if (outDir) writeFileSync(join(outDir, rendered.fileName), body);
    else io.stdout.write(body);
  }
  if (options.writeBaseline !== undefined) {
    writeFileSync(options.writeBaseline, serializeBaseline(buildBaseline(result.report.report_metadata.target_url, findings, [baseline, previousBaseline].filter((b) => b !== null), now)));
  }
  if (!options.quiet) io.stderr.write(`${summary(result.report, counted, comparison ? baselineSummary(comparison) : null, outDir, options.writeBaseline)}\n`);
  return exitCodeFor({ completed: true, findings: counted, failOn: options.failOn });
}

function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read baseline ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new UsageError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const RANK = { HIGH: 3, MEDIUM: 2, LOW: 1 } as const;

function summary(report: EvidenceReport, counted: readonly Finding[], baselineLine: string | null, outDir: string | undefined, wroteBaseline: string | undefined): string {
  const lines = [`Compliance score ${report.compliance_score.score}/100 (${report.compliance_score.grade}) under ${report.report_metadata.framework}: ${report.violation_summary.total} violation(s)`];
  if (baselineLine) lines.push(baselineLine);
  const shown = [...counted].sort((a, b) => RANK[b.severity] - RANK[a.severity]).slice(0, 10);
  for (const f of shown) lines.push(`  ${f.severity.padEnd(7)}${f.framework.padEnd(8)}${f.violation_type.padEnd(30)}${f.fingerprint.slice(0, 12)}  ${f.page ?? ""}`);
  if (counted.length > shown.length) lines.push(`  … and ${counted.length - shown.length} more`);
  if (outDir) lines.push(`Outputs in ${outDir}`);
  if (wroteBaseline) lines.push(`Baseline written to ${wroteBaseline}`);
  return lines.join("\n");
}
