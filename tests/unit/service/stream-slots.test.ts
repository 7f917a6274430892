import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as streamRoute } from "@/app/api/stream/[scanId]/route";
import { ApiError, errorStatus } from "@/lib/api/errors";
import { sseResponse } from "@/lib/api/sse";
import { acquireStreamSlot, openStreamCount, resetStreamSlots } from "@/lib/api/stream-slots";
import { signApiToken } from "@/lib/auth/api-token";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// The cap on open event streams per principal: the counter, the release when a stream ends
// however it ends, and GET /api/stream/{scan_id} answering 429 past the cap.

const SECRET = "unit-test-secret-streams-0123456789abcdef";
let test: TestService;

/** An event source that yields nothing until stopped, or `events` and then ends. */
async function* source(signal: AbortSignal, events = 0) {
  for (let id = 1; id <= events; id++) yield { id, timestamp: new Date().toISOString(), agent: "system" as const, level: "INFO" as const, msg: `e${id}` };
  if (events === 0 && !signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeAll(async () => {
  test = await startTestService(runsUntilStopped, { workerId: "unit-streams", heartbeatMs: 200, env: { APO_MAX_STREAMS_PER_PRINCIPAL: "2", APO_JWT_SECRET: SECRET } });
}, 180_000);

afterAll(() => test.stop());

beforeEach(() => resetStreamSlots());

describe("acquireStreamSlot", () => {
  it("counts per principal, refuses past the cap with 429 too_many_streams, and frees one slot per release", () => {
    const a = acquireStreamSlot("ann", 2);
    const b = acquireStreamSlot("ann", 2);
    acquireStreamSlot("bob", 2);
    let refused: unknown;
    try {
      acquireStreamSlot("ann", 2);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "too_many_streams", message: "Too many open streams: at most 2 at once per user. Close one before opening another." });
    expect(errorStatus.too_many_streams).toBe(429);
    expect(openStreamCount("ann")).toBe(2);
    a();
    a(); // a second release of the same slot frees nothing more
    expect(openStreamCount("ann")).toBe(1);
    acquireStreamSlot("ann", 2);
    expect(() => acquireStreamSlot("ann", 2)).toThrow(ApiError);
    b();
    expect(openStreamCount("ann")).toBe(1);
    expect(openStreamCount("bob")).toBe(1);
  });
});

describe("sseResponse frees the slot when the stream ends", () => {
  const request = (signal?: AbortSignal) => new Request("http://localhost/api/stream/x", { signal });

  it("when the client goes away (request aborted)", async () => {
    const client = new AbortController();
    sseResponse(request(client.signal), (s) => source(s), { onClose: acquireStreamSlot("ann", 1) });
    expect(openStreamCount("ann")).toBe(1);
    client.abort();
    expect(openStreamCount("ann")).toBe(0);
  });

  it("when the response body is cancelled", async () => {
    const res = sseResponse(request(), (s) => source(s), { onClose: acquireStreamSlot("ann", 1) });
    const reader = res.body!.getReader();
    await reader.read();
    expect(openStreamCount("ann")).toBe(1);
    await reader.cancel();
    expect(openStreamCount("ann")).toBe(0);
  });

  it("when the source ends (the scan's DONE), once only", async () => {
    let closes = 0;
    const release = acquireStreamSlot("ann", 1);
    const res = sseResponse(request(), (s) => source(s, 2), { onClose: () => (closes++, release()) });
    const text = await res.text();
    expect(text).toContain("id: 2");
    await settle();
    expect(openStreamCount("ann")).toBe(0);
    expect(closes).toBe(1);
  });

  it("when the client was gone before the stream started", async () => {
    const client = new AbortController();
    client.abort();
    sseResponse(request(client.signal), (s) => source(s), { onClose: acquireStreamSlot("ann", 1) });
    expect(openStreamCount("ann")).toBe(0);
  });
});

describe("GET /api/stream/{scan_id}", () => {
  it("answers 429 past APO_MAX_STREAMS_PER_PRINCIPAL and opens again once a stream closes", async () => {
    const sam = { id: "sam@apo.test", via: "token" as const };
    const scan = await createScan(sam, ScanRequestSchema.parse({ url: "http://127.0.0.1:9/", crawl_depth: 1 }));
    const token = await signApiToken({ sub: sam.id, ttlSeconds: 3600, secret: SECRET });
    const clients: AbortController[] = [];
    const open = (who = token) => {
      const client = new AbortController();
      clients.push(client);
      const req = new NextRequest(`http://localhost:8000/api/stream/${scan.scan_id}`, { headers: { authorization: `Bearer ${who}` }, signal: client.signal });
      return streamRoute(req, { params: Promise.resolve({ scanId: scan.scan_id }) });
    };
    try {
      const first = await open();
      const second = await open();
      expect([first.status, second.status]).toEqual([200, 200]);
      const third = await open();
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ error: { code: "too_many_streams" } });
      expect(openStreamCount(sam.id)).toBe(2);
      // A 404 for someone else's scan takes no slot of theirs.
      const other = await open(await signApiToken({ sub: "other@apo.test", ttlSeconds: 3600, secret: SECRET }));
      expect(other.status).toBe(404);
      expect(openStreamCount("other@apo.test")).toBe(0);

      clients[0]!.abort();
      expect(openStreamCount(sam.id)).toBe(1);
      const fourth = await open();
      expect(fourth.status).toBe(200);
      await fourth.body!.cancel();
      expect(openStreamCount(sam.id)).toBe(1);
    } finally {
      for (const client of clients) client.abort();
      await cancelScan(sam, scan.scan_id);
    }
    expect(openStreamCount(sam.id)).toBe(0);
  });
});
