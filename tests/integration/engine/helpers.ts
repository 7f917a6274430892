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

/**
 * Independent scans of one file, run `limit` at a time instead of one after another: a scan spends
 * most of its time waiting (settle windows, the site), so two overlap well on two cores. All are
 * queued on the first `get`, in the order given; each test awaits only its own result, so a failed
 * scan fails that test alone. `settled()` (in afterAll, before the test web closes) drops the scans
 * not yet started and waits for the running ones.
 */
export function scanPool<K, T>(keys: readonly K[], run: (key: K) => Promise<T>, limit = 2) {
  const results = new Map<K, Promise<T>>();
  const running = new Set<Promise<unknown>>();
  const queue: Array<() => void> = [];
  let started = false;
  const startAll = () => {
    started = true;
    for (const key of keys) {
      results.set(key, new Promise<T>((resolve, reject) => queue.push(() => {
        const result = run(key);
        result.then(resolve, reject);
        const slot = result.catch(() => undefined).finally(() => {
          running.delete(slot);
          queue.shift()?.();
        });
        running.add(slot);
      })));
      // Handled here; the test that asks for it still sees the rejection.
      results.get(key)?.catch(() => undefined);
    }
    for (let i = 0; i < limit; i++) queue.shift()?.();
  };
  return {
    get(key: K): Promise<T> {
      if (!started) startAll();
      const result = results.get(key);
      if (!result) throw new Error(`scanPool: no scan for ${String(key)}`);
      return result;
    },
    async settled(): Promise<void> {
      queue.length = 0;
      while (running.size) await Promise.all([...running]);
    },
  };
}
