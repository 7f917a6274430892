import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvidenceSchema } from "@/agents/evidence/schema";
import { runScan } from "@/agents/pipeline";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "./helpers";

describe("runScan end to end", () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("scans the tracky site and writes every artefact and a report", async () => {
    const outDir = await tempDir("scan");
    const events: Array<{ agent: string; level: string; msg: string }> = [];
    const request = ScanRequestSchema.parse({ url: web.url("www.tracky.example", "/", "http"), framework: "GDPR", crawl_depth: 1, max_pages: 4, claude_key: "sk-secret-never-written" });
    const outcome = await runScan({ scanId: "it-scan", request, outDir }, testContext(events), {
      hostResolverRules: web.hostResolverRules,
      ignoreHTTPSErrors: true,
      allowPrivateTargets: true,
      pagesPerSession: 2,
      timeouts: FAST_TIMEOUTS,
    });
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe("complete");
    for (const file of ["evidence.json", "interaction_graph.json", "evidence_report.json", "evidence_report.html", "evidence_report.pdf", "pre_consent.har", "gpc.har", "traffic_reject_all.json"]) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
    const evidence = EvidenceSchema.parse(JSON.parse(await readFile(join(outDir, "evidence.json"), "utf8")));
    expect(Object.values(evidence.sessions).every((s) => s !== null)).toBe(true);
    expect(evidence.well_known_gpc?.gpc).toBe(false);
    const report = EvidenceReportSchema.parse(outcome.report);
    expect(report.violation_summary.total).toBeGreaterThan(0);
    expect(outcome.artifacts.every((a) => a.bytes > 0)).toBe(true);
    expect(events.some((e) => e.agent === "discovery") && events.some((e) => e.agent === "interaction") && events.some((e) => e.agent === "observability")).toBe(true);
    // A key sent with the request is never written or emitted.
    for (const file of outcome.artifacts.filter((a) => a.file.endsWith(".json") || a.file.endsWith(".html"))) {
      expect(await readFile(join(outDir, file.file), "utf8")).not.toContain("sk-secret-never-written");
    }
    expect(JSON.stringify(events)).not.toContain("sk-secret-never-written");
  });

  it("ends as an error with partial evidence when the site is unreachable", async () => {
    const outDir = await tempDir("scan-down");
    const request = ScanRequestSchema.parse({ url: `http://127.0.0.1:1/`, framework: "CCPA", crawl_depth: 1 });
    const outcome = await runScan({ scanId: "it-down", request, outDir }, testContext(), { allowPrivateTargets: true, timeouts: { navigationMs: 5_000 } });
    expect(outcome.status).toBe("error");
    expect(outcome.error?.code).toBe("site_unreachable");
    expect(outcome.evidence?.completeness).toBe("partial");
    expect(existsSync(join(outDir, "evidence.json"))).toBe(true);
  });

  it("refuses a private target unless allowed", async () => {
    const outDir = await tempDir("scan-private");
    const request = ScanRequestSchema.parse({ url: `http://127.0.0.1:${web.port}/`, crawl_depth: 1 });
    const outcome = await runScan({ scanId: "it-private", request, outDir }, testContext(), { allowPrivateTargets: false });
    expect(outcome.status).toBe("error");
    expect(outcome.error?.code).toBe("private_target");
  });

  it("stops promptly when cancelled", async () => {
    const outDir = await tempDir("scan-cancel");
    const controller = new AbortController();
    const request = ScanRequestSchema.parse({ url: web.url("www.compliant.example"), crawl_depth: 2 });
    setTimeout(() => controller.abort(), 3_000);
    const started = Date.now();
    const outcome = await runScan({ scanId: "it-cancel", request, outDir }, testContext([], controller.signal), {
      hostResolverRules: web.hostResolverRules,
      ignoreHTTPSErrors: true,
      allowPrivateTargets: true,
    });
    expect(outcome.status).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
