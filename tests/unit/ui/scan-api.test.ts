import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/api/errors";
import { toListItem, toStatusView } from "@/lib/scans/use-cases/scan-view";
import type { StoredEvent } from "@/lib/schemas/agent-event";
import type { ScanCreated, TokenView } from "@/lib/schemas/api";
import { scanErrorCodes, scanStatuses, type ScanError, type ScanStatus } from "@/lib/schemas/scan";
import type { ScanRecord } from "@/lib/store/types";
import {
  ApiCallError,
  cancelScan,
  deleteScan,
  getScanReport,
  getScanStatus,
  listScans,
  parseStreamEvent,
  readToken,
  readTokenList,
  shareScan,
  startScan,
} from "@/lib/ui/scan-api";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { sampleReport } from "@/tests/unit/support/sample-report";

// The browser's client parses what the server's own view functions build: a change to one side
// that the other does not follow fails here, not on an analyst's screen.

function record(status: ScanStatus, error: ScanError | null = null): ScanRecord {
  const id = randomUUID();
  return {
    id,
    owner: "analyst@apo.test",
    url: "https://www.shop.example/",
    framework: "GDPR",
    request: { url: "https://www.shop.example/", framework: "GDPR" },
    status,
    phase: status === "running" ? "interaction" : null,
    progress: status === "running" ? { discovery: 100, interaction: 40 } : {},
    error,
    summary: status === "complete" ? { total_violations: 4, severity_breakdown: { HIGH: 3, MEDIUM: 0, LOW: 1 }, max_potential_penalty_usd: 23_400_000, compliance_score: 52, grade: "F" } : null,
    artifacts: status === "queued" ? [] : [{ file: "evidence.json", kind: "evidence", contentType: "application/json", bytes: 1200 }],
    workerId: null,
    pinned: false,
    cancelRequested: false,
    attempt: 1,
    previousWorkerId: null,
    createdAt: new Date("2026-03-02T10:00:00.000Z"),
    startedAt: status === "queued" ? null : new Date("2026-03-02T10:00:01.000Z"),
    finishedAt: status === "queued" || status === "running" ? null : new Date("2026-03-02T10:04:00.000Z"),
  };
}

/** Each call to fetch answers with the next response, as the route handlers would send it. */
function serve(...responses: Array<Response | Error>) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the scan API client", () => {
  it("reads every status the server's status view builds, with every scan error code", async () => {
    const views = [
      ...scanStatuses.map((s) => toStatusView(record(s), null, s === "queued" ? 2 : null)),
      ...scanErrorCodes.map((code) => toStatusView(record("error", { code, message: `ended: ${code}` }), null, null)),
      toStatusView(record("running"), { phase: "observability", progress: { discovery: 100, interaction: 100, observability: 10 } }, null),
    ];
    serve(...views.map((v) => Response.json(v)));
    for (const view of views) expect(await getScanStatus(view.scan_id)).toEqual(view);
  });

  it("reads the history list the server's list view builds", async () => {
    const scans = scanStatuses.map((s) => toListItem(record(s), null));
    const fetchMock = serve(Response.json({ scans, total: 30, limit: 20, offset: 0 }));
    const page = await listScans(20, 0);
    expect(fetchMock).toHaveBeenCalledWith("/api/scans?limit=20&offset=0", expect.anything());
    expect(page).toEqual({ scans, total: 30, limit: 20, offset: 0 });
    expect(page.scans.find((s) => s.status === "complete")?.summary?.grade).toBe("F");
  });

  it("refuses a response that drifted from the schema instead of guessing", async () => {
    const view = toStatusView(record("complete"), null, null);
    const { scan_id: scanId, ...rest } = view;
    serve(
      Response.json({ ...rest, id: scanId }),
      Response.json({ ...view, error: { code: "exploded", message: "?" } }),
      Response.json({ items: [toListItem(record("complete"), null)], total: 1 }),
    );
    await expect(getScanStatus(scanId)).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("scan_id") });
    await expect(getScanStatus(scanId)).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("error.code") });
    await expect(listScans(20, 0)).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("scans") });
  });

  it("turns the server's error envelope into an ApiCallError with its status and code", async () => {
    serve(errorResponse("not_found", "Scan not found", "req-1"), errorResponse("too_early", "Scan is running", "req-2"), new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }), new TypeError("Failed to fetch"));
    await expect(getScanStatus(randomUUID())).rejects.toEqual(new ApiCallError(404, "not_found", "Scan not found"));
    const tooEarly = await getScanReport("/api/results/x").catch((e: unknown) => e);
    expect(tooEarly).toBeInstanceOf(ApiCallError);
    expect(tooEarly).toMatchObject({ status: 425, code: "too_early" });
    await expect(listScans(20, 0)).rejects.toMatchObject({ status: 502, code: "502", message: "The server answered 502 Bad Gateway." });
    await expect(cancelScan(randomUUID())).rejects.toMatchObject({ status: 0, message: "Could not reach the server." });
  });

  it("parses the evidence report with EvidenceReportSchema", async () => {
    const report = sampleReport();
    serve(Response.json(report), Response.json({ ...report, compliance_score: { score: 52 } }));
    expect(await getScanReport("/api/results/x")).toEqual(report);
    await expect(getScanReport("/api/results/x")).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("compliance_score.grade") });
  });

  it("starts, cancels, deletes and shares scans with typed bodies", async () => {
    const scanId = randomUUID();
    const created: ScanCreated = {
      scan_id: scanId,
      status: "queued",
      queue_position: 1,
      url: "https://www.shop.example/",
      framework: "GDPR",
      stream_url: `/api/stream/${scanId}`,
      status_url: `/api/status/${scanId}`,
      results_url: `/api/results/${scanId}`,
      created_at: "2026-03-02T10:00:00.000Z",
    };
    const fetchMock = serve(
      Response.json(created, { status: 202 }),
      Response.json({ scan_id: scanId, status: "cancelled" }),
      Response.json({ scan_id: scanId, deleted: true }),
      Response.json({ share_id: randomUUID(), url: "http://localhost:8000/api/shared/t", expires_at: "2026-03-09T10:00:00.000Z" }, { status: 201 }),
    );
    const request = ScanRequestSchema.parse({ url: "www.shop.example", framework: "GDPR" });
    expect(await startScan(request)).toEqual(created);
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual(request);
    expect((await cancelScan(scanId)).status).toBe("cancelled");
    expect((await deleteScan(scanId)).deleted).toBe(true);
    expect((await shareScan(scanId)).url).toBe("http://localhost:8000/api/shared/t");
    expect(fetchMock.mock.calls.map(([url, init]) => `${init?.method ?? "GET"} ${url}`)).toEqual([
      "POST /api/scan",
      `POST /api/scans/${scanId}/cancel`,
      `DELETE /api/scans/${scanId}`,
      `POST /api/scans/${scanId}/share`,
    ]);
  });

  it("reads stream lines as AgentEvents, taking the id from the id: line when the data has none", () => {
    const stored: StoredEvent = { id: 7, timestamp: "2026-03-02T10:00:02.000Z", agent: "discovery", level: "INFO", msg: "crawling", progress: 10, phase: "discovery" };
    expect(parseStreamEvent(JSON.stringify(stored), "7")).toEqual(stored);
    const { id: _id, ...noId } = stored;
    expect(parseStreamEvent(JSON.stringify(noId), "9")?.id).toBe(9);
    expect(parseStreamEvent(JSON.stringify({ ...stored, agent: "marketing" }), "7")).toBeNull();
    expect(parseStreamEvent("not json", "")).toBeNull();
  });

  it("keeps the token readers the Tokens page uses", () => {
    const view: TokenView = { id: randomUUID(), name: "ci", created_at: "2026-03-02T10:00:00.000Z", expires_at: "2026-04-01T10:00:00.000Z", revoked_at: null, last_used_at: null };
    expect(readTokenList({ tokens: [view] })).toEqual([{ id: view.id, name: "ci", createdAt: view.created_at, expiresAt: view.expires_at, lastUsedAt: null, revokedAt: null, token: null }]);
    expect(readToken({ ...view, token: "eyJ.x.y" })?.token).toBe("eyJ.x.y");
    expect(readToken({ token_id: view.id })).toBeNull();
    expect(() => readTokenList({ items: [view] })).toThrow(ApiCallError);
  });
});
