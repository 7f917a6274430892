import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { Evidence, RecordedRequest, SessionName } from "@/agents/evidence/schema";
import type { SessionTimeouts } from "@/agents/interaction/session";
import { analyzeEvidence } from "@/agents/observability";
import { runScan } from "@/agents/pipeline";
import type { AgentContext } from "@/agents/types";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import type { TestWeb } from "@/tests/fixtures/web/server";

export const FAST_TIMEOUTS = { navigationMs: 20_000, settleMs: 1_500, detectionBudgetMs: 5_000 };

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `apo-${prefix}-`));

export function testContext(events: Array<{ agent: string; level: string; msg: string }> = [], signal = new AbortController().signal): AgentContext {
  return { scanId: "it", signal, emit: (e) => events.push(e) };
}

/** The forms a canary can take in traffic (what observability searches for). */
export function canaryForms(value: string): string[] {
  const hash = (alg: string) => createHash(alg).update(value).digest("hex");
  return [value, encodeURIComponent(value), Buffer.from(value).toString("base64"), hash("md5"), hash("sha1"), hash("sha256"), value.toLowerCase()];
}

export function requestsCarrying(requests: RecordedRequest[], value: string): RecordedRequest[] {
  const forms = canaryForms(value);
  return requests.filter((r) => forms.some((f) => r.url.includes(f) || (r.post_data_sample ?? "").includes(f)));
}

export interface TestSiteScan {
  evidence: Evidence;
  report: EvidenceReport;
}

/**
 * A whole scan of one test-web site in a real Chromium at depth 1 (one page per visitor, no PDF),
 * its own evidence judged under `framework`. Fails the test unless the scan completes.
 */
export async function scanTestSite(
  web: TestWeb,
  host: string,
  framework: Framework,
  options: { label: string; maxPages?: number; timeouts?: Partial<SessionTimeouts>; sessions?: SessionName[] },
): Promise<TestSiteScan> {
  const request = ScanRequestSchema.parse({ url: web.url(host), framework, crawl_depth: 1, max_pages: options.maxPages ?? 3 });
  const outcome = await runScan({ scanId: `${options.label}-${host}`, request, outDir: await tempDir(options.label) }, testContext(), {
    hostResolverRules: web.hostResolverRules,
    ignoreHTTPSErrors: true,
    allowPrivateTargets: true,
    pagesPerSession: 1,
    skipPdf: true,
    timeouts: options.timeouts ?? FAST_TIMEOUTS,
    ...(options.sessions ? { sessions: options.sessions } : {}),
  });
  expect(outcome.status, outcome.error?.message).toBe("complete");
  if (!outcome.evidence) throw new Error(`${host}: the scan kept no evidence`);
  return { evidence: outcome.evidence, report: analyzeEvidence(outcome.evidence, { framework, scanId: options.label }) };
}

/** The visitors a consent-framework (GDPR-style) test needs: the GPC visitor only matters to opt-out laws. */
export const CONSENT_VISITORS: SessionName[] = ["pre_consent", "accept_all", "reject_all"];

/** The finding codes of a report with this status ("violation" = confirmed). */
export const codesWithStatus = (report: EvidenceReport, status: string) =>
  new Set(report.violations.filter((v) => v.status === status).map((v) => v.violation_type));
