import { describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "@/cli/src/exit-code";
import { MAIN_HELP, parseScanArgs, SCAN_HELP, SCAN_OPTION_NAMES, type ScanOptions } from "@/cli/src/options";

const scan = (argv: string[], env: Record<string, string> = {}): ScanOptions => {
  const parsed = parseScanArgs(argv, env);
  if (parsed.kind !== "scan") throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const error = (argv: string[], env: Record<string, string> = {}): string => {
  const parsed = parseScanArgs(argv, env);
  if (parsed.kind !== "error") throw new Error(`expected an error, got ${parsed.kind}`);
  return parsed.message;
};

describe("apo scan arguments", () => {
  it("has the defaults of npm run scan: json to stdout, depth 2, no threshold", () => {
    const o = scan(["shop.example"]);
    expect(o).toMatchObject({ formats: ["json"], out: undefined, failOn: undefined, baseline: undefined, writeBaseline: undefined, server: undefined, quiet: false });
    expect(o.request).toMatchObject({ url: "https://shop.example/", crawl_depth: 2 });
  });

  it("takes every scan option of npm run scan into the request", () => {
    const o = scan(["https://shop.example/", "--framework", "gdpr", "--frameworks", "CCPA,LGPD", "--region", "DE", "--depth", "1", "--max-pages", "2", "--affected-consumers", "1000", "--turnover", "5000000", "--currency", "usd"]);
    expect(o.request).toMatchObject({ framework: "GDPR", frameworks: ["GDPR", "CCPA", "LGPD"], region: "de", crawl_depth: 1, max_pages: 2, affected_consumers: 1000, annual_turnover: { amount: 5_000_000, currency: "USD" } });
    expect(o.requestInput).toMatchObject({ url: "https://shop.example/", framework: "GDPR", crawl_depth: 1, max_pages: 2 });
  });

  it("takes repeated formats, --out, --fail-on, baselines, --quiet", () => {
    const o = scan(["x.example", "--format", "sarif", "--format", "JUnit", "--format", "sarif", "--out", "reports", "--fail-on", "medium", "--baseline", "b.json", "--write-baseline", "n.json", "--quiet"]);
    expect(o).toMatchObject({ formats: ["sarif", "junit"], out: "reports", failOn: "MEDIUM", baseline: "b.json", writeBaseline: "n.json", quiet: true });
  });

  it("takes the token from --token or APO_TOKEN, and needs one with --server", () => {
    expect(scan(["x.example", "--server", "https://apo.example.com/", "--token", "t1"])).toMatchObject({ server: "https://apo.example.com", token: "t1" });
    expect(scan(["x.example", "--server", "https://apo.example.com"], { APO_TOKEN: "t2" })).toMatchObject({ token: "t2" });
    expect(error(["x.example", "--server", "https://apo.example.com"])).toMatch(/--token or APO_TOKEN/);
    expect(error(["x.example", "--server", "ftp://apo.example.com", "--token", "t"])).toMatch(/http\(s\) URL/);
  });

  it("refuses what it cannot do, naming the problem", () => {
    expect(error([])).toMatch(/URL is required/);
    expect(error(["a.example", "b.example"])).toMatch(/one URL only/);
    expect(error(["x.example", "--format", "pdf"])).toMatch(/--format must be json, sarif, junit, markdown, html/);
    expect(error(["x.example", "--format", "json", "--format", "html"])).toMatch(/need --out/);
    expect(error(["x.example", "--fail-on", "CRITICAL"])).toMatch(/--fail-on must be/);
    expect(error(["x.example", "--depth", "9"])).toMatch(/crawl_depth/);
    expect(error(["x.example", "--framework", "NOPE"])).toMatch(/framework/);
    expect(error(["x.example", "--no-such-option"])).toMatch(/no-such-option/);
  });

  it("answers --help", () => {
    expect(parseScanArgs(["--help"], {})).toEqual({ kind: "help" });
    expect(parseScanArgs(["x.example", "-h"], {})).toEqual({ kind: "help" });
  });
});

describe("help text", () => {
  it("lists every option apo scan accepts, and the exit codes", () => {
    expect(SCAN_OPTION_NAMES.length).toBeGreaterThanOrEqual(17);
    for (const name of SCAN_OPTION_NAMES) expect(SCAN_HELP).toMatch(new RegExp(`^  --${name}\\b`, "m"));
    for (const required of ["framework", "frameworks", "region", "depth", "max-pages", "affected-consumers", "turnover", "format", "out", "fail-on", "baseline", "write-baseline", "server", "token", "quiet"]) {
      expect(SCAN_OPTION_NAMES).toContain(required);
    }
    for (const help of [SCAN_HELP, MAIN_HELP]) {
      expect(help).toMatch(/^ {2}0 {2}.*no \(new\) finding/m);
      expect(help).toMatch(/^ {2}1 {2}.*at or above --fail-on/m);
      expect(help).toMatch(/^ {2}2 {2}.*failed/m);
    }
    expect(SCAN_HELP).toMatch(/json\|sarif\|junit\|markdown\|html/);
    expect(MAIN_HELP).toMatch(/^ {2}scan <url>/m);
  });
});

describe("exit code", () => {
  const f = (severity: "HIGH" | "MEDIUM" | "LOW") => ({ severity });
  it("is 2 for a scan that did not complete, whatever was found", () => {
    expect(exitCodeFor({ completed: false, findings: [], failOn: undefined })).toBe(EXIT.failed);
    expect(exitCodeFor({ completed: false, findings: [f("HIGH")], failOn: "HIGH" })).toBe(2);
  });
  it("is 1 only for a counted finding at or above --fail-on", () => {
    expect(exitCodeFor({ completed: true, findings: [f("HIGH")], failOn: undefined })).toBe(EXIT.clean);
    expect(exitCodeFor({ completed: true, findings: [f("MEDIUM"), f("LOW")], failOn: "HIGH" })).toBe(0);
    expect(exitCodeFor({ completed: true, findings: [f("MEDIUM")], failOn: "MEDIUM" })).toBe(EXIT.findings);
    expect(exitCodeFor({ completed: true, findings: [f("HIGH")], failOn: "LOW" })).toBe(1);
    expect(exitCodeFor({ completed: true, findings: [], failOn: "LOW" })).toBe(0);
  });
});
