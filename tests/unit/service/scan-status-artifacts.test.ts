import { describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";
import type { ScanOutcome } from "@/lib/scans/types";
import { ScanStatusSchema } from "@/lib/schemas/api";
import { followToDone, queueScan, runsUntilStopped, testServiceForFile, writeJsonArtifact } from "@/tests/support/test-service";

// GET /api/status/{id} is what the scan page reads: a cancelled or failed scan must list the
// partial evidence it kept (the page said "No evidence files were written" for every such scan).

const analyst = { id: "analyst@apo.test", via: "token" as const };

/** Writes evidence.json, then waits to be cancelled and reports what it wrote. */
async function partialThenCancelled(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  const evidence = writeJsonArtifact(job, "evidence.json", "evidence", { completeness: "partial" });
  ctx.emit({ agent: "discovery", level: "INFO", msg: "crawling", progress: 10, phase: "discovery" });
  await runsUntilStopped(job, ctx);
  return { status: "cancelled", error: { code: "cancelled", message: "scan cancelled" }, evidence: null, report: null, artifacts: [evidence] };
}

const test = testServiceForFile(partialThenCancelled, { workerId: "status" });

describe("GET /api/status of a cancelled scan", () => {
  it("lists the partial evidence it kept, with download links", async () => {
    const created = await queueScan(analyst);
    await followToDone(test.service, created.scan_id, (event) => event.msg === "crawling" && cancelScan(analyst, created.scan_id));
    const status = ScanStatusSchema.parse(await getScanStatus(analyst, created.scan_id));
    expect(status.status).toBe("cancelled");
    expect(status.artifacts).toEqual([
      expect.objectContaining({ file: "evidence.json", kind: "evidence", url: `/api/download/${created.scan_id}/evidence.json` }),
      // The partial evidence is signed too (lib/evidence): a cancelled scan's bundle verifies.
      expect.objectContaining({ file: "manifest.json", kind: "manifest" }),
      expect.objectContaining({ file: "manifest.sig", kind: "signature" }),
    ]);
  }, 30_000);
});
