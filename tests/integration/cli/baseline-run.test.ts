import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeyPem } from "@/lib/evidence/signing-key";
import { parseBaseline } from "@/lib/outputs/baseline";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { EVOLVING_HOST, setEvolvingStage } from "@/tests/fixtures/web/evolving-site";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { runCli, testWebEnv, TSX_APO } from "./run-cli";

// `apo scan` from the checkout (tsx), a real Chromium and the test web's evolving shop, which the
// test moves from stage to stage (the test web runs in this process for that). One chain of three
// scans covers both turns: a new finding switched on, and old findings switched off.
//   baseline       NO_REJECT_OPTION, PRE_TICKED_CONSENT
//   tracker-added  + TRACKING_BEFORE_CONSENT           (new against the first baseline: exit 1)
//   banner-fixed   TRACKING_BEFORE_CONSENT only         (nothing new against the second: exit 0, 2 fixed)

let web: TestWeb;
let dir: string;
const url = `https://${EVOLVING_HOST}/`;
const scanArgs = ["scan", url, "--framework", "GDPR", "--depth", "1", "--max-pages", "1"];
const env = () => testWebEnv(web.hostResolverRules);

beforeAll(async () => {
  web = await startTestWeb();
  dir = mkdtempSync(join(tmpdir(), "apo-cli-baseline-"));
}, 60_000);
afterAll(async () => {
  setEvolvingStage("baseline");
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

const types = (entries: Array<{ violation_type: string }>) => entries.map((e) => e.violation_type).sort();

describe("apo scan with baselines", () => {
  it("fails on a finding that is new since the baseline and passes once only accepted findings are left", async () => {
    const first = join(dir, "first.json");
    const second = join(dir, "second.json");

    setEvolvingStage("baseline");
    const accepted = await runCli(TSX_APO, [...scanArgs, "--write-baseline", first, "--fail-on", "HIGH", "--quiet"], { env: env() });
    expect(accepted.stderr).toBe("");
    expect(accepted.code).toBe(1); // without a baseline every HIGH finding counts
    const report1 = EvidenceReportSchema.parse(JSON.parse(accepted.stdout));
    expect(types(parseBaseline(readFileSync(first, "utf8")).findings)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT"]);
    expect(parseBaseline(readFileSync(first, "utf8")).findings.map((e) => e.fingerprint).sort()).toEqual(report1.violations.filter((v) => v.status === "violation").map((v) => v.fingerprint).sort());

    // A person accepts one finding for a reason, with an expiry; the rewrite below must keep both.
    const edited = parseBaseline(readFileSync(first, "utf8"));
    edited.findings = edited.findings.map((e) => (e.violation_type === "PRE_TICKED_CONSENT" ? { ...e, reason: "Legal sign-off LEG-7", expires: "2999-12-31" } : e));
    writeFileSync(first, JSON.stringify(edited, null, 2));

    setEvolvingStage("tracker-added");
    const added = await runCli(TSX_APO, [...scanArgs, "--baseline", first, "--write-baseline", second, "--fail-on", "HIGH"], { env: env() });
    expect(added.code, added.stderr).toBe(1);
    expect(added.stderr).toContain("Baseline: 1 new, 2 accepted, 0 accepted-but-expired (counted as new), 0 fixed");
    expect(added.stderr).toMatch(/HIGH\s+GDPR\s+TRACKING_BEFORE_CONSENT/);
    // Progress went to stderr as plain lines (not a terminal); stdout is the JSON report alone.
    expect(added.stderr).toMatch(/discovery\s+INFO\s+Page 1:/);
    const report2 = JSON.parse(added.stdout) as { violations: Array<{ violation_type: string; fingerprint: string }>; new_fingerprints: string[] };
    const tracking = report2.violations.find((v) => v.violation_type === "TRACKING_BEFORE_CONSENT");
    expect(report2.new_fingerprints).toEqual([tracking?.fingerprint]);
    const rewritten = parseBaseline(readFileSync(second, "utf8"));
    expect(types(rewritten.findings)).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT", "TRACKING_BEFORE_CONSENT"]);
    expect(rewritten.findings.find((e) => e.violation_type === "PRE_TICKED_CONSENT")).toMatchObject({ reason: "Legal sign-off LEG-7", expires: "2999-12-31" });

    setEvolvingStage("banner-fixed");
    // This run keeps its artefacts (--out), signed with the caller's key: `apo verify` checks them.
    const out = join(dir, "out");
    const signingKey = generateSigningKeyPem();
    const fixed = await runCli(TSX_APO, [...scanArgs, "--baseline", second, "--fail-on", "HIGH", "--format", "json", "--format", "sarif", "--out", out], { env: { ...env(), APO_SIGNING_KEY: signingKey } });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toContain("Baseline: 0 new, 1 accepted, 0 accepted-but-expired (counted as new), 2 fixed");
    expect((JSON.parse(readFileSync(join(out, "apo-report.json"), "utf8")) as { new_fingerprints: string[] }).new_fingerprints).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, "apo-report.sarif"), "utf8")).runs[0].results).toEqual([]);

    const verified = await runCli(TSX_APO, ["verify", join(out, "artifacts")], { timeoutMs: 60_000 });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const reportFile = join(out, "artifacts", "evidence_report.json");
    writeFileSync(reportFile, readFileSync(reportFile, "utf8").replace("GDPR", "GDPX"));
    const tampered = await runCli(TSX_APO, ["verify", join(out, "artifacts")], { timeoutMs: 60_000 });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toContain("evidence_report.json");
  }, 360_000);

  it("exits 2 on a baseline file it cannot read, before scanning", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ apo_baseline: 1, url, written_at: "x", findings: [{ fingerprint: "f" }] }));
    const run = await runCli(TSX_APO, [...scanArgs, "--baseline", bad], { env: env(), timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.json: baseline is not valid: findings\.0\.violation_type/);
    expect(run.stdout).toBe("");
  }, 90_000);
});
