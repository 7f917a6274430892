import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentContext, ScanJob } from "@/agents/types";
import { resetEnvCache } from "@/lib/env";
import { cancelScan } from "@/lib/scans/cancel-scan";
import { createScan } from "@/lib/scans/create-scan";
import { getScanStatus } from "@/lib/scans/get-scan-status";
import { setScanService, startScanService, type ScanService } from "@/lib/scans/service";
import type { ScanOutcome } from "@/lib/scans/types";
import { watchScanEvents } from "@/lib/scans/watch-scan-events";
import { ScanStatusSchema } from "@/lib/schemas/api";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { DiskArtifactStore } from "@/lib/store/disk-artifacts";
import { openPgliteDriver } from "@/lib/store/pglite-driver";
import { SqlStore } from "@/lib/store/sql-store";

// GET /api/status/{id} is what the scan page reads: a cancelled or failed scan must list the
// partial evidence it kept (the page said "No evidence files were written" for every such scan).

const dataDir = mkdtempSync(join(tmpdir(), "apo-unit-status-"));
const analyst = { id: "analyst@apo.test", via: "token" as const };
let service: ScanService;

/** Writes evidence.json, then waits to be cancelled and reports what it wrote. */
async function partialThenCancelled(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  writeFileSync(join(job.outDir, "evidence.json"), JSON.stringify({ completeness: "partial" }));
  ctx.emit({ agent: "discovery", level: "INFO", msg: "crawling", progress: 10, phase: "discovery" });
  await new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener("abort", () => resolve(), { once: true })));
  const artifacts = [{ file: "evidence.json", kind: "evidence" as const, contentType: "application/json", bytes: 27 }];
  return { status: "cancelled", error: { code: "cancelled", message: "scan cancelled" }, evidence: null, report: null, artifacts };
}

beforeAll(async () => {
  process.env.APO_ALLOW_PRIVATE_TARGETS = "true";
  process.env.APO_DATA_DIR = dataDir;
  resetEnvCache();
  const store = new SqlStore(await openPgliteDriver(join(dataDir, "db")), "embedded");
  await store.migrate();
  service = await startScanService({ store, artifacts: new DiskArtifactStore(dataDir), runner: partialThenCancelled, maxConcurrent: 1, workerId: "status", pollMs: 50 });
  setScanService(Promise.resolve(service));
}, 120_000);

afterAll(async () => {
  await service.worker.shutdown(100);
  await service.store.close();
  setScanService(undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/status of a cancelled scan", () => {
  it("lists the partial evidence it kept, with download links", async () => {
    const created = await createScan(analyst, ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", crawl_depth: 1 }));
    for await (const event of watchScanEvents(service, created.scan_id, 0, AbortSignal.timeout(20_000))) {
      if (event.msg === "crawling") await cancelScan(analyst, created.scan_id);
      if (event.level === "DONE") break;
    }
    const status = ScanStatusSchema.parse(await getScanStatus(analyst, created.scan_id));
    expect(status.status).toBe("cancelled");
    expect(status.artifacts).toEqual([
      expect.objectContaining({ file: "evidence.json", kind: "evidence", url: `/api/download/${created.scan_id}/evidence.json` }),
    ]);
  }, 30_000);
});
