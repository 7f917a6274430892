import { parseArgs } from "node:util";
import { OUTPUT_FORMATS, type OutputFormat } from "@/lib/outputs";
import { frameworkIds } from "@/lib/schemas/framework";
import { regionIds } from "@/lib/schemas/region";
import type { Severity } from "@/lib/schemas/report";
import { MAX_CRAWL_DEPTH, MAX_PAGES, ScanRequestSchema, type ScanRequest } from "@/lib/schemas/scan-request";
import { frameworkFields, regionField } from "@/scripts/scan-args";
import { EXIT_CODES_HELP } from "./exit-code";

/** `apo scan` after parsing: everything the command needs, validated. */
export interface ScanOptions {
  /** The scan request as the server's API takes it (POST /api/scan body), before defaults. */
  requestInput: Record<string, unknown>;
  request: ScanRequest;
  formats: OutputFormat[];
  out: string | undefined;
  failOn: Severity | undefined;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  server: string | undefined;
  token: string | undefined;
  quiet: boolean;
}

export type ParsedScanArgs = { kind: "help" } | { kind: "error"; message: string } | { kind: "scan"; options: ScanOptions };

// One table drives both the parser and the help text, so no option goes undocumented.
const SCAN_OPTIONS = {
  framework: { type: "string", multiple: true, value: "ID", help: `Legal framework, repeatable; the first is the primary (${frameworkIds.join(", ")}).` },
  frameworks: { type: "string", value: "A,B", help: "Several frameworks, comma separated." },
  region: { type: "string", value: "ID", help: `Visitor region (${regionIds.join(", ")}); default: the primary framework's.` },
  depth: { type: "string", value: "N", help: `Crawl depth 1-${MAX_CRAWL_DEPTH} (default 2).` },
  "max-pages": { type: "string", value: "N", help: `Page budget, at most ${MAX_PAGES} (default 5 per level of depth).` },
  "affected-consumers": { type: "string", value: "N", help: "Affected people, for per-person fines." },
  turnover: { type: "string", value: "AMOUNT", help: "Annual turnover, for turnover-based fines." },
  currency: { type: "string", value: "CODE", help: "Currency of --turnover (default EUR)." },
  format: { type: "string", multiple: true, value: "F", help: `Output format, repeatable: ${OUTPUT_FORMATS.join("|")} (default json).` },
  out: { type: "string", value: "DIR", help: "Write each format to its file in DIR, with the scan's artefacts in DIR/artifacts. Without it, one format goes to stdout." },
  "fail-on": { type: "string", value: "SEV", help: "Exit 1 when a (new) finding is at or above HIGH|MEDIUM|LOW." },
  baseline: { type: "string", value: "FILE", help: "Report only findings not accepted in this baseline file; --fail-on judges only those." },
  "write-baseline": { type: "string", value: "FILE", help: "Record the current findings as accepted (reasons and expiries already in FILE are kept)." },
  server: { type: "string", value: "URL", help: "Run the scan on this APO server through its API instead of a local browser." },
  token: { type: "string", value: "T", help: "API token for --server (default: $APO_TOKEN). Never printed." },
  quiet: { type: "boolean", help: "No progress and no summary on stderr; errors only." },
  help: { type: "boolean", short: "h", help: "Show this help." },
} as const satisfies Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string; value?: string; help: string }>;

export const SCAN_OPTION_NAMES = Object.keys(SCAN_OPTIONS);

function optionLines(): string {
  const rows = Object.entries(SCAN_OPTIONS).map(([name, o]) => [`  --${name}${"value" in o ? ` ${o.value}` : ""}${"short" in o ? `, -${o.short}` : ""}`, o.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, help]) => `${left.padEnd(width)}${help}`).join("\n");
}

const ENV_HELP = `Environment:
  APO_TOKEN                  API token for --server.
  APO_CHROMIUM_PATH          Chromium to drive for local scans (default /usr/bin/chromium).
  APO_HOST_RESOLVER_RULES, APO_IGNORE_HTTPS_ERRORS, APO_ALLOW_PRIVATE_TARGETS, APO_SCAN_TIMEOUT,
  APO_REGION_PROXIES         as for the server (docs in README).`;

export const SCAN_HELP = `Usage: apo scan <url> [options]

Scans a website for privacy violations: in a local Chromium, or on an APO server with --server.
Progress goes to stderr; with one --format and no --out, the output goes to stdout.

Options:
${optionLines()}

${ENV_HELP}

${EXIT_CODES_HELP}`;

export const MAIN_HELP = `Usage: apo <command> [options]

Commands:
  scan <url>       Scan a website; \`apo scan --help\` lists its options.
  verify <bundle>  Check an evidence bundle (bundle.zip or a scan's --out folder): its signature and
                   every file's hash; \`apo verify --help\` lists its options.
  help [command]   Show help.

Options:
  --help, -h       Show this help.
  --version        Print the version.

${EXIT_CODES_HELP}`;

const SEVERITIES = ["HIGH", "MEDIUM", "LOW"] as const;

/** Parses `apo scan` arguments; never exits, so it can be tested. */
export function parseScanArgs(argv: readonly string[], env: Record<string, string | undefined>): ParsedScanArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: SCAN_OPTIONS });
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (positionals.length !== 1) return { kind: "error", message: positionals.length === 0 ? "a URL is required" : `one URL only (got ${positionals.join(" ")})` };

  const formats = [...new Set((values.format ?? ["json"]).map((f) => f.trim().toLowerCase()))];
  const unknown = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (unknown.length) return { kind: "error", message: `--format must be ${OUTPUT_FORMATS.join(", ")} (got ${unknown.join(", ")})` };
  if (formats.length > 1 && values.out === undefined) return { kind: "error", message: "several formats need --out DIR (only one can go to stdout)" };

  const failOn = values["fail-on"]?.toUpperCase();
  if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) return { kind: "error", message: "--fail-on must be HIGH, MEDIUM or LOW" };

  const token = values.token ?? env.APO_TOKEN;
  if (values.server !== undefined) {
    if (!/^https?:\/\/[^\s]+$/i.test(values.server)) return { kind: "error", message: "--server must be an http(s) URL" };
    if (!token) return { kind: "error", message: "--server needs --token or APO_TOKEN" };
  }

  const requestInput: Record<string, unknown> = {
    url: positionals[0],
    ...frameworkFields(values.framework, values.frameworks),
    ...regionField(values.region),
    crawl_depth: Number(values.depth ?? "2"),
    ...(values["max-pages"] !== undefined ? { max_pages: Number(values["max-pages"]) } : {}),
    ...(values["affected-consumers"] !== undefined ? { affected_consumers: Number(values["affected-consumers"]) } : {}),
    ...(values.turnover !== undefined ? { annual_turnover: { amount: Number(values.turnover), currency: (values.currency ?? "EUR").toUpperCase() } } : {}),
  };
  const request = ScanRequestSchema.safeParse(requestInput);
  if (!request.success) return { kind: "error", message: request.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") };

  return {
    kind: "scan",
    options: {
      requestInput,
      request: request.data,
      formats: formats as OutputFormat[],
      out: values.out,
      failOn: failOn as Severity | undefined,
      baseline: values.baseline,
      writeBaseline: values["write-baseline"],
      server: values.server?.replace(/\/+$/, ""),
      token,
      quiet: values.quiet ?? false,
    },
  };
}
