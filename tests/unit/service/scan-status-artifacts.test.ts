import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";
import type { ScanOutcome } from "@/lib/scans/types";
import { ScanStatusSchema } from "@/lib/schemas/api";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { followToDone, runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// GET /api/status/{id} is what the scan page reads: a cancelled or failed scan must list the
// partial evidence it kept (the page said "No evidence files were written" for every such scan).

const analyst = { id: "analyst@apo.test", via: "token" as const };
let test: TestService;

/** Writes evidence.json, then waits to be cancelled and reports what it wrote. */
async function partialThenCancelled(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  writeFileSync(join(job.outDir, "evidence.json"), JSON.stringify({ completeness: "partial" }));
  ctx.emit({ agent: "discovery", level: "INFO", msg: "crawling", progress: 10, phase: "discovery" });
  await runsUntilStopped(job, ctx);
  const artifacts = [{ file: "evidence.json", kind: "evidence" as const, contentType: "application/json", bytes: 27 }];
  return { status: "cancelled", error: { code: "cancelled", message: "scan cancelled" }, evidence: null, report: null, artifacts };
}

beforeAll(async () => {
  test = await startTestService(partialThenCancelled, { workerId: "status" });
}, 120_000);

afterAll(() => test.stop());

describe("GET /api/status of a cancelled scan", () => {
  it("lists the partial evidence it kept, with download links", async () => {
    const created = await createScan(analyst, ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", crawl_depth: 1 }));
    await followToDone(test.service, created.scan_id, (event) => event.msg === "crawling" && cancelScan(analyst, created.scan_id));
    const status = ScanStatusSchema.parse(await getScanStatus(analyst, created.scan_id));
    expect(status.status).toBe("cancelled");
    expect(status.artifacts).toEqual([
      expect.objectContaining({ file: "evidence.json", kind: "evidence", url: `/api/download/${created.scan_id}/evidence.json` }),
    ]);
  }, 30_000);
});
