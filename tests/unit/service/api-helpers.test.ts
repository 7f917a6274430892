import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { ApiError, formatZodError, handleApiError } from "@/lib/api/errors";
import { publicUrl } from "@/lib/api/public-url";
import { enforceRateLimit } from "@/lib/api/rate-limit";
import { MAX_BODY_BYTES, readJsonBody } from "@/lib/api/read-json";
import { assertSafeArtifactPath, contentTypeOf } from "@/lib/scans/use-cases/read-artifact";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";

describe("error envelope", () => {
  it("names the field of every zod issue", () => {
    const r = ScanRequestSchema.safeParse({ url: "ftp://x", crawl_depth: 99, bogus: 1 });
    expect(r.success).toBe(false);
    const msg = formatZodError(r.error!);
    expect(msg).toContain("url: url must use http or https");
    expect(msg).toContain("crawl_depth:");
    expect(msg).toContain("unknown field(s) bogus");
  });

  it("turns unknown errors into a generic 500 with the request id and no internals", async () => {
    const res = handleApiError(new Error("password=hunter2 at /srv/db"), "req-123");
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain("req-123");
    expect(body).not.toContain("hunter2");
  });

  it("maps codes to statuses and keeps extra headers", () => {
    const res = handleApiError(new ApiError("too_early", "wait", { "Retry-After": "5" }), "r");
    expect(res.status).toBe(425);
    expect(res.headers.get("retry-after")).toBe("5");
  });
});

describe("request guards", () => {
  it("rate-limits per principal with Retry-After", () => {
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) enforceRateLimit("p1", 3, now + i);
    try {
      enforceRateLimit("p1", 3, now + 10);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: "rate_limited" });
      expect(Number((err as ApiError).headers["Retry-After"])).toBeGreaterThan(50);
    }
    enforceRateLimit("p2", 3, now);
    enforceRateLimit("p1", 3, now + 61_000);
  });

  it("caps the body even when Content-Length is absent", async () => {
    const big = new Request("http://x/", { method: "POST", body: JSON.stringify({ url: "a".repeat(MAX_BODY_BYTES) }), headers: { "content-type": "application/json" } });
    await expect(readJsonBody(big)).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(readJsonBody(new Request("http://x/", { method: "POST", body: "{nope" }))).rejects.toMatchObject({ code: "invalid_json" });
    await expect(readJsonBody(new Request("http://x/", { method: "POST", body: "--b\r\n", headers: { "content-type": "multipart/form-data; boundary=b" } }))).rejects.toMatchObject({ code: "unsupported_media_type" });
  });

  it("rejects traversal and odd artefact paths", () => {
    for (const bad of ["../db/x", "a/../../b", "/etc/passwd", "a\\b", "a//b", ".", "x\0y", "screenshots/.."]) {
      expect(() => assertSafeArtifactPath(bad), bad).toThrow(ApiError);
    }
    expect(() => assertSafeArtifactPath("screenshots/home_pre_consent.png")).not.toThrow();
    expect(contentTypeOf("session.har")).toBe("application/json");
    expect(contentTypeOf("r.pdf")).toBe("application/pdf");
    expect(contentTypeOf("r.exe")).toBe("application/octet-stream");
  });
});

describe("links handed back to the caller", () => {
  const at = (headers: Record<string, string>) => new NextRequest("http://localhost:8000/api/scans/x/share", { headers });

  it("use the address the client reached, not the server's bind address", () => {
    expect(publicUrl(at({ host: "127.0.0.1:8100" }), "/api/shared/t")).toBe("http://127.0.0.1:8100/api/shared/t");
    // Behind the ALB: Host is kept, TLS ends at the balancer.
    expect(publicUrl(at({ host: "apo.example.com", "x-forwarded-proto": "https" }), "/api/shared/t")).toBe("https://apo.example.com/api/shared/t");
    expect(publicUrl(at({ host: "internal:8000", "x-forwarded-host": "apo.example.com, proxy", "x-forwarded-proto": "https" }), "/p")).toBe("https://apo.example.com/p");
  });

  it("fall back to the request URL when the headers do not hold a plain host", () => {
    expect(publicUrl(at({ host: "evil.example/@x" }), "/p")).toBe("http://localhost:8000/p");
    expect(publicUrl(at({ host: "apo.example.com", "x-forwarded-proto": "javascript" }), "/p")).toBe("http://localhost:8000/p");
  });
});
