import { readFileSync } from "node:fs";
import path from "node:path";
import { EvidenceSchema, type Evidence } from "@/agents/evidence/schema";
import { analyzeEvidence } from "@/agents/observability";
import type { Framework } from "@/lib/schemas/framework";
import type { EvidenceReport } from "@/lib/schemas/report";

/** Recorded evidence from a real scan of a test-web site (tests/fixtures/evidence/recorded). */
export function recordedEvidence(site: "tracky" | "compliant" | "pii-leaky" | "pii-clean"): Evidence {
  const file = path.join(process.cwd(), "tests/fixtures/evidence/recorded", `${site}.evidence.json`);
  return EvidenceSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** The report of a recorded scan, judged under several frameworks at once. */
export function recordedReport(site: Parameters<typeof recordedEvidence>[0], frameworks: Framework[] = ["GDPR", "CCPA"], scanId = "scan-recorded"): EvidenceReport {
  return analyzeEvidence(recordedEvidence(site), { scanId, framework: frameworks[0]!, frameworks, generatedAt: "2026-11-25T12:00:00.000Z" });
}

/** What a hostile site can get into a report's text: markup, CDATA ends, Markdown, mentions, controls. */
export const HOSTILE = "Evil ]]> <script>alert(1)</script> | `tick` [click](javascript:alert(1)) ![img](x) **bold** @octocat #1 & \"q\" 'a'\u0000\u0007\u001b\u0085\uD800 end\r\nnext";

/**
 * A real report into whose site-written fields (descriptions quoting the site, page URLs, the CMP's
 * name, verdict summaries) hostile text has been put, as a malicious site could.
 */
export function hostileReport(): EvidenceReport {
  const report = recordedReport("tracky");
  const hostilePage = report.report_metadata.target_url + "a|b<c>`d%zz?q=" + HOSTILE;
  const taint = <T extends { description: string; pages: string[] }>(v: T): T => ({ ...v, description: `${v.description} ${HOSTILE}`, pages: [hostilePage, ...v.pages] });
  const results = report.framework_results.map((r) => ({
    ...r,
    violations: r.violations.map(taint),
    consent_verdict: { ...r.consent_verdict, cmp: HOSTILE, summary: `${r.consent_verdict.summary} ${HOSTILE}` },
    gpc_verdict: { ...r.gpc_verdict, summary: `${r.gpc_verdict.summary} ${HOSTILE}` },
  }));
  return {
    ...report,
    violations: report.violations.map(taint),
    consent_verdict: { ...report.consent_verdict, cmp: HOSTILE, summary: `${report.consent_verdict.summary} ${HOSTILE}` },
    framework_results: results,
  };
}
