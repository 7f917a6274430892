import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getResults } from "@/app/api/results/[scanId]/route";
import { POST as postScan } from "@/app/api/scan/route";
import { GET as getStream } from "@/app/api/stream/[scanId]/route";
import { runScan } from "@/agents/pipeline";
import { signApiToken } from "@/lib/auth/api-token";
import { parseBaseline } from "@/lib/outputs/baseline";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import type { ScanRunner } from "@/lib/scans/types";
import { EVOLVING_HOST, setEvolvingStage } from "@/tests/fixtures/web/evolving-site";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { serveRoutes, type RouteHandler, type RouteServer } from "@/tests/support/route-server";
import { testServiceForFile } from "@/tests/support/test-service";
import { CONSENT_VISITORS, FAST_TIMEOUTS } from "../engine/helpers";
import { runCli, TSX_APO } from "./run-cli";

// `apo scan --server`: the CLI (a child process, from the checkout) against the app's own route
// handlers served over HTTP on loopback, with the scan service and the real pipeline behind them.
// The first event stream is cut after one event, as a proxy's idle timeout would: the CLI must
// resume it with Last-Event-ID.

const SECRET = "cli-remote-test-secret-0123456789abcdef0123";
let web: TestWeb;
let api: RouteServer;
let dir: string;
const runner: ScanRunner = (job, ctx) =>
  runScan(job, ctx, { hostResolverRules: web.hostResolverRules, allowPrivateTargets: true, ignoreHTTPSErrors: true, skipPdf: true, timeouts: FAST_TIMEOUTS, sessions: CONSENT_VISITORS });
testServiceForFile(runner, { workerId: "it-cli-remote", env: { APO_JWT_SECRET: SECRET } });

const streamRequests: Array<string | null> = [];
let cutNextStream = true;
/** The real stream handler, whose first response ends after its first event. */
const cutOnceStream: RouteHandler = async (req, ctx) => {
  streamRequests.push(req.headers.get("last-event-id"));
  const res = await getStream(req, ctx as Parameters<typeof getStream>[1]);
  if (!cutNextStream || !res.body) return res;
  cutNextStream = false;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      controller.enqueue(value);
      if (decoder.decode(value).includes("id: ")) {
        await reader.cancel();
        controller.close();
      }
    },
  });
  return new Response(body, { status: res.status, headers: res.headers });
};

beforeAll(async () => {
  web = await startTestWeb();
  dir = mkdtempSync(join(tmpdir(), "apo-cli-remote-"));
  api = await serveRoutes([
    { method: "POST", path: "/api/scan", handler: postScan as RouteHandler },
    { method: "GET", path: "/api/stream/:scanId", handler: cutOnceStream },
    { method: "GET", path: "/api/results/:scanId", handler: getResults as RouteHandler },
  ]);
}, 60_000);
afterAll(async () => {
  setEvolvingStage("baseline");
  await api?.close();
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("apo scan --server", () => {
  it("runs the scan on the server, follows its events across a dropped stream, and writes the same outputs and exit code", async () => {
    setEvolvingStage("tracker-added");
    const token = await signApiToken({ sub: "ci@apo.test", ttlSeconds: 600, secret: SECRET });
    const out = join(dir, "out");
    const baseline = join(dir, "baseline.json");
    const run = await runCli(
      TSX_APO,
      ["scan", `https://${EVOLVING_HOST}/`, "--server", api.url, "--framework", "GDPR", "--depth", "1", "--max-pages", "1", "--format", "json", "--format", "html", "--format", "sarif", "--out", out, "--write-baseline", baseline, "--fail-on", "HIGH"],
      { env: { APO_TOKEN: token } },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);

    const report = EvidenceReportSchema.parse(JSON.parse(readFileSync(join(out, "apo-report.json"), "utf8")));
    expect(report.report_metadata.target_url).toBe(`https://${EVOLVING_HOST}/`);
    const confirmed = report.violations.filter((v) => v.status === "violation").map((v) => v.violation_type).sort();
    expect(confirmed).toEqual(["NO_REJECT_OPTION", "PRE_TICKED_CONSENT", "TRACKING_BEFORE_CONSENT"]);
    expect(readFileSync(join(out, "apo-report.html"), "utf8")).toContain("TRACKING_BEFORE_CONSENT");
    const sarif = JSON.parse(readFileSync(join(out, "apo-report.sarif"), "utf8")) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results).toHaveLength(confirmed.length);
    expect(parseBaseline(readFileSync(baseline, "utf8")).findings.map((e) => e.violation_type).sort()).toEqual(confirmed);

    // The server's own log came through as plain lines: every event once, though the stream was cut.
    expect(streamRequests[0]).toBeNull();
    expect(streamRequests.length).toBeGreaterThanOrEqual(2);
    expect(Number(streamRequests[1])).toBeGreaterThanOrEqual(1);
    expect(run.stderr.match(/Scan queued/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/discovery\s+INFO\s+Page 1:/);
    expect(run.stderr).toMatch(/system\s+DONE\s+complete/);
    expect(run.stderr).toMatch(/HIGH\s+GDPR\s+TRACKING_BEFORE_CONSENT/);
  }, 180_000);

  it("exits 2 with the API's message when the token is wrong, and never prints the token", async () => {
    const wrong = await signApiToken({ sub: "ci@apo.test", ttlSeconds: 600, secret: "another-secret-0123456789abcdef0123456789" });
    const run = await runCli(TSX_APO, ["scan", `https://${EVOLVING_HOST}/`, "--server", api.url, "--token", wrong], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("apo scan: POST /api/scan: 401 unauthorized: Invalid or expired token");
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrong);
    expect(run.stdout).toBe("");
  }, 90_000);

  it("exits 2 when the server cannot be reached", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const run = await runCli(TSX_APO, ["scan", `https://${EVOLVING_HOST}/`, "--server", `http://127.0.0.1:${port}`, "--token", "t0ken-value"], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(run.stderr).not.toContain("t0ken-value");
  }, 90_000);
});
