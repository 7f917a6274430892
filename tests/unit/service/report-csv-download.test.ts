import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { AgentContext, ScanJob } from "@/agents/types";
import { GET as download } from "@/app/api/download/[...path]/route";
import { signApiToken } from "@/lib/auth/api-token";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { buildOpenApiDocument } from "@/lib/openapi";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import type { ScanOutcome } from "@/lib/scans/types";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { followToDone, runsUntilStopped, testServiceForFile } from "@/tests/support/test-service";
import { sampleReport } from "@/tests/unit/support/sample-report";

// GET /api/download/{scan_id}/{violations,cookies,trackers}.csv: generated from the stored report
// through the real route, store (PGlite) and auth; owner-scoped like every download.

const SECRET = "unit-test-secret-0123456789abcdef0123456789";

const owner = { id: "analyst@apo.test", via: "token" as const };

/** Completes with a recorded report whose cookie table holds a formula; a `/hang` URL runs until cancelled. */
async function runner(job: ScanJob, ctx: AgentContext): Promise<ScanOutcome> {
  if (job.request.url.endsWith("/hang")) return runsUntilStopped(job, ctx);
  const report = sampleReport(job.scanId, "GDPR");
  report.cookies.push({ ...report.cookies[0]!, name: "=cmd|' /C calc'!A0" });
  return { status: "complete", error: null, evidence: null, report, artifacts: [] };
}
// The secret travels with the service's environment (restored when it stops).
const test = testServiceForFile(runner, { workerId: "unit-csv", env: { APO_JWT_SECRET: SECRET } });

const scanOf = (path: string) => createScan(owner, ScanRequestSchema.parse({ url: `http://127.0.0.1:9${path}`, crawl_depth: 1 }));
async function get(scanId: string, file: string, sub = owner.id): Promise<Response> {
  const token = await signApiToken({ sub, ttlSeconds: 600, secret: SECRET });
  const req = new NextRequest(`http://localhost:8000/api/download/${scanId}/${file}`, { headers: { authorization: `Bearer ${token}` } });
  return download(req, { params: Promise.resolve({ path: [scanId, file] }) });
}

describe("GET /api/download/{scan_id}/*.csv", () => {
  it("the owner gets each table as a named CSV attachment, formulas neutralised", async () => {
    const { scan_id } = await scanOf("/shop");
    await followToDone(test.service, scan_id);
    const res = await get(scan_id, "violations.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="127\\.0\\.0\\.1-${scan_id}-violations\\.csv"`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/^framework,violation_type,status,/);
    expect(text).toContain("TRACKING_BEFORE_CONSENT");
    const cookies = await (await get(scan_id, "cookies.csv")).text();
    expect(cookies).toContain("\r\n'=cmd|' /C calc'!A0,");
    expect(cookies).not.toContain("\n=cmd");
    const trackers = await get(scan_id, "trackers.csv");
    expect(trackers.status).toBe(200);
    expect(await trackers.text()).toMatch(/\r\nMeta,advertising,/);
  }, 30_000);

  it("someone else gets 404, as for an unknown scan; an unknown table is 404 too", async () => {
    const { scan_id } = await scanOf("/private");
    await followToDone(test.service, scan_id);
    expect((await get(scan_id, "violations.csv", "someone-else@apo.test")).status).toBe(404);
    expect((await get("6f1c1f0e-8a7b-4c39-9d54-0c2f4f1f9a01", "violations.csv")).status).toBe(404);
    expect((await get(scan_id, "passwords.csv")).status).toBe(404);
  }, 30_000);

  it("a scan still running is 425", async () => {
    const { scan_id } = await scanOf("/hang");
    const res = await get(scan_id, "cookies.csv");
    expect(res.status).toBe(425);
    expect((await res.json()).error.code).toBe("too_early");
    await cancelScan(owner, scan_id);
    await followToDone(test.service, scan_id);
  }, 30_000);

  it("is documented in the OpenAPI document, one path per table", () => {
    const paths = Object.keys(buildOpenApiDocument().paths ?? {}).filter((p) => p.endsWith(".csv"));
    expect(paths.sort()).toEqual(["/api/download/{scan_id}/cookies.csv", "/api/download/{scan_id}/trackers.csv", "/api/download/{scan_id}/violations.csv"]);
  });
});
