import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCAN_OPTION_NAMES } from "@/cli/src/options";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { EVOLVING_HOST, setEvolvingStage } from "@/tests/fixtures/web/evolving-site";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { repoRoot, runCli, testWebEnv } from "./run-cli";

// The installable CLI end to end: `npm run build:cli`, `npm pack ./cli`, `npm install -g --prefix`
// of the tarball (npm fetches its one-line dependency list from the configured registry), then the
// installed `apo` scans the test web from a folder that is not the checkout.

let web: TestWeb;
let dir: string;
let apo: string;

beforeAll(async () => {
  web = await startTestWeb();
  dir = mkdtempSync(join(tmpdir(), "apo-cli-packed-"));
  execFileSync("node", ["scripts/build-cli.mjs"], { cwd: repoRoot, stdio: "pipe" });
  const packed = execFileSync("npm", ["pack", join(repoRoot, "cli"), "--pack-destination", dir, "--silent"], { cwd: dir, encoding: "utf8" }).trim().split("\n").at(-1) ?? "";
  execFileSync("npm", ["install", "-g", "--prefix", join(dir, "global"), join(dir, packed), "--no-audit", "--no-fund", "--loglevel", "error"], { cwd: dir, stdio: "pipe", timeout: 120_000 });
  apo = join(dir, "global", "bin", "apo");
}, 180_000);
afterAll(async () => {
  setEvolvingStage("baseline");
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the packed apo", () => {
  it("installs as a command that lists every option and the exit codes", async () => {
    expect(existsSync(apo)).toBe(true);
    const help = await runCli([apo], ["scan", "--help"], { cwd: dir });
    expect(help.code).toBe(0);
    for (const name of SCAN_OPTION_NAMES) expect(help.stdout).toContain(`--${name}`);
    expect(help.stdout).toMatch(/Exit codes:/);
    // Only the bundle and its three dependencies came along, not the app's (next, react …).
    const installed = readdirSync(join(dir, "global", "lib", "node_modules", "apo-cli", "node_modules"));
    expect(installed).toContain("playwright-core");
    expect(installed).not.toContain("next");
    expect(installed).not.toContain("react");
  });

  it("scans a test-web site in Chromium from any folder and writes its outputs", async () => {
    setEvolvingStage("banner-fixed");
    const work = join(dir, "work");
    mkdirSync(work);
    const run = await runCli([apo], ["scan", `https://${EVOLVING_HOST}/`, "--framework", "GDPR", "--depth", "1", "--max-pages", "1", "--format", "json", "--out", "reports", "--fail-on", "MEDIUM"], { cwd: work, env: testWebEnv(web.hostResolverRules) });
    expect(run.code, run.stderr).toBe(1);
    const report = EvidenceReportSchema.parse(JSON.parse(readFileSync(join(work, "reports", "apo-report.json"), "utf8")));
    expect(report.violations.filter((v) => v.status === "violation").map((v) => v.violation_type)).toEqual(["TRACKING_BEFORE_CONSENT"]);
    // autoconsent and the tracker database were found beside the installed bundle, not in the cwd.
    expect(report.report_metadata.data_sources.find((s) => /TrackerDB/.test(s.name))?.version).toMatch(/^\d+\.\d+/);
    expect(existsSync(join(work, "reports", "artifacts", "evidence_report.pdf"))).toBe(true);
  }, 150_000);
});
