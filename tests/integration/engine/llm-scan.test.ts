import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScan } from "@/agents/pipeline";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { anthropicToolUse, startFakeAnthropic, type FakeReply, type FakeServer } from "@/tests/support/fake-llm-servers";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { FAST_TIMEOUTS, tempDir, testContext } from "./helpers";

const CANARY_KEY = "canary-claude-scan-key-9f8e7d6c5b4a39281706";

function toolName(body: unknown): string | undefined {
  return (body as { tool_choice?: { name?: string } } | undefined)?.tool_choice?.name;
}

/** A Claude stand-in on loopback: ranks pages backwards, explains each violation, invents policy quotes. */
function claudeAnswers(raw: string, body: unknown): FakeReply {
  switch (toolName(body)) {
    case "rank_pages": {
      const urls = [...new Set(raw.match(/https?:\/\/www\.tracky\.example[^"\\\s<]*/g) ?? [])].reverse();
      return anthropicToolUse("rank_pages", { pages: urls.map((url, i) => ({ url, purpose: "other", priority: 90 - i })) });
    }
    case "write_explanations": {
      const ids = [...new Set(raw.match(/[A-Z_]+-\d+/g) ?? [])];
      return anthropicToolUse("write_explanations", {
        explanations: ids.map((id) => ({ id, llm_explanation: `Explained ${id}.`, llm_technical_fix: `Fix ${id} by loading tags after consent.` })),
        executive_summary: "Trackers run before any choice.",
      });
    }
    default:
      return anthropicToolUse(toolName(body) ?? "unknown", { claims: [] });
  }
}

describe("runScan with LLM assistance", () => {
  let web: TestWeb;
  let claude: FakeServer;
  beforeAll(async () => {
    web = await startTestWeb();
    claude = await startFakeAnthropic((req) => claudeAnswers(req.raw, req.body));
  });
  afterAll(async () => {
    await Promise.all([web?.close(), claude?.close()]);
  });

  it("uses the request's Claude key for ranking and explanations, and never writes or emits it", async () => {
    const outDir = await tempDir("scan-llm");
    const events: Array<{ agent: string; level: string; msg: string }> = [];
    const request = ScanRequestSchema.parse({
      url: web.url("www.tracky.example", "/", "http"),
      framework: "GDPR",
      crawl_depth: 1,
      max_pages: 4,
      use_llm: true,
      claude_key: CANARY_KEY,
    });
    const outcome = await runScan({ scanId: "it-llm", request, outDir }, testContext(events), {
      settings: { llm: { anthropicBaseUrl: claude.baseURL } },
      hostResolverRules: web.hostResolverRules,
      ignoreHTTPSErrors: true,
      allowPrivateTargets: true,
      pagesPerSession: 1,
      sessions: ["pre_consent", "gpc"],
      skipPdf: true,
      timeouts: FAST_TIMEOUTS,
    });

    expect(outcome.status, `${JSON.stringify(outcome.error)}; last events: ${JSON.stringify(events.slice(-5))}`).toBe("complete");
    const report = EvidenceReportSchema.parse(outcome.report);
    const tools = claude.requests.map((r) => toolName(r.body));
    expect(tools).toContain("rank_pages");
    expect(tools).toContain("write_explanations");
    // Every request to the model carried the scan's key, and website text arrived as delimited data.
    const sentKey = (h: (typeof claude.requests)[number]["headers"]) => h["x-api-key"] ?? h.authorization?.replace(/^Bearer /, "");
    expect(claude.requests.every((r) => sentKey(r.headers) === CANARY_KEY)).toBe(true);
    expect(claude.requests.every((r) => r.raw.includes("untrusted_document"))).toBe(true);

    const confirmed = report.violations.filter((v) => v.status === "violation");
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.every((v) => v.llm_explanation === `Explained ${v.id}.` && v.llm_provider === "anthropic")).toBe(true);
    expect(report.executive_summary).toBe("Trackers run before any choice.");
    expect(report.report_metadata.llm?.enabled).toBe(true);
    expect(report.report_metadata.llm?.providers[0]?.calls).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => /Claude/i.test(e.msg) && e.agent === "discovery")).toBe(true);

    expect(JSON.stringify(events)).not.toContain(CANARY_KEY);
    for (const file of await readdir(outDir, { recursive: true })) {
      if (/\.(json|html|har)$/.test(file)) expect(await readFile(join(outDir, file), "utf8"), file).not.toContain(CANARY_KEY);
    }
  });
});
