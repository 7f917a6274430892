import { describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { getScanReport } from "@/lib/scans/use-cases/get-scan-report";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";
import { listScans } from "@/lib/scans/use-cases/list-scans";
import { summarizeReport } from "@/lib/scans/queue/summarize-report";
import type { ScanOutcome } from "@/lib/scans/types";
import type { ScanError } from "@/lib/schemas/scan";
import type { StoredEvent } from "@/lib/store/types";
import { followToDone, queueScan, testServiceForFile, writeJsonArtifact } from "@/tests/support/test-service";
import { sampleReport } from "@/tests/unit/support/sample-report";

// The engine's report is checked once, with EvidenceReportSchema, where the worker receives the
// outcome; the summary comes from the typed report.

const analyst = { id: "analyst@apo.test", via: "token" as const };
let report: unknown = null;
const test = testServiceForFile((job, ctx) => completes(job, ctx), { workerId: "report" });

/** Writes the report file as the engine does, then completes with `report`. */
async function completes(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  ctx.emit({ agent: "observability", level: "INFO", msg: "report built", progress: 100 });
  const written = writeJsonArtifact(job, "evidence_report.json", "report_json", report);
  return { status: "complete", error: null, evidence: null, report, artifacts: [written] };
}

async function scanToTheEnd(): Promise<{ scanId: string; events: StoredEvent[] }> {
  const created = await queueScan(analyst);
  return { scanId: created.scan_id, events: await followToDone(test.service, created.scan_id) };
}

describe("the engine's report, where the worker receives it", () => {
  it("a valid report completes the scan; history shows its headline numbers", async () => {
    const valid = sampleReport();
    report = valid;
    const { scanId, events } = await scanToTheEnd();
    expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "complete" });
    expect(events.at(-2)?.msg).toMatch(/: 4 violations$/);
    expect(JSON.parse(await getScanReport(analyst, scanId))).toEqual(valid);
    const item = (await listScans(analyst, 100, 0)).scans.find((s) => s.scan_id === scanId);
    expect(item?.summary).toEqual({ total_violations: 4, severity_breakdown: { HIGH: 3, MEDIUM: 0, LOW: 1 }, max_potential_penalty_usd: 23_400_000, compliance_score: 52, grade: "F" });
    expect(await test.service.store.countViolations(scanId)).toBe(4);
  }, 30_000);

  it("keeps a field the schema does not know yet: the report is stored as the engine wrote it", async () => {
    report = { ...sampleReport(), added_later: { note: "a newer engine's field" } };
    const { scanId } = await scanToTheEnd();
    expect(JSON.parse(await getScanReport(analyst, scanId))).toMatchObject({ added_later: { note: "a newer engine's field" } });
  }, 30_000);

  it("a report that does not parse ends the scan as invalid_report, keeping its artefacts and storing no report", async () => {
    const broken = sampleReport();
    report = { ...broken, violations: [{ ...broken.violations[0], severity: "SEVERE" }], compliance_score: undefined };
    const { scanId, events } = await scanToTheEnd();
    expect(events.at(-1)).toMatchObject({ level: "DONE", msg: "error" });
    const status = await getScanStatus(analyst, scanId);
    expect(status.status).toBe("error");
    expect(status.error?.code).toBe("invalid_report");
    expect(status.error?.message).toContain("violations.0.severity");
    expect(status.error?.message).toContain("compliance_score");
    // Kept, and signed like any ended scan's files (lib/evidence).
    expect(status.artifacts.map((a) => a.file)).toEqual(["evidence_report.json", "manifest.json", "manifest.sig"]);
    await expect(getScanReport(analyst, scanId)).rejects.toMatchObject({ code: "conflict" });
    const item = (await listScans(analyst, 100, 0)).scans.find((s) => s.scan_id === scanId);
    expect(item?.summary).toBeNull();
  }, 30_000);

  it("the old lenient shape (a bare violations list) is refused too", async () => {
    report = { violations: [{ severity: "HIGH", violation_type: "GPC_NOT_HONORED" }], compliance_score: { score: 60, grade: "D" } };
    const { scanId } = await scanToTheEnd();
    expect((await getScanStatus(analyst, scanId)).error?.code).toBe("invalid_report");
  }, 30_000);
});

describe("summarizeReport", () => {
  it("reads the headline numbers and the violation rows from a typed report", () => {
    const r = sampleReport("s", "GDPR");
    expect(r.violations.length).toBeGreaterThan(0);
    const { summary, violations } = summarizeReport(r);
    expect(summary).toEqual({
      total_violations: r.violation_summary.total,
      severity_breakdown: r.violation_summary.severity_breakdown,
      max_potential_penalty_usd: r.violation_summary.max_potential_penalty_usd,
      compliance_score: r.compliance_score.score,
      grade: r.compliance_score.grade,
    });
    expect(violations).toHaveLength(r.violations.length);
    expect(violations[0]).toMatchObject({ rule_id: r.violations[0]?.rule_id, violation_type: r.violations[0]?.violation_type, data: r.violations[0] });
  });
});

describe("scan error codes", () => {
  it("are a closed union: the compiler refuses a code that is not in it", () => {
    const known: ScanError = { code: "unresolvable_target", message: "no such host" };
    // @ts-expect-error -- "engine_on_fire" is not a scan error code
    const unknown: ScanError = { code: "engine_on_fire", message: "x" };
    expect([known.code, unknown.code]).toHaveLength(2);
  });
});
