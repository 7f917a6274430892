import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { withAuth } from "@/lib/api/with-auth";
import { handleApiError } from "@/lib/api/errors";
import { signApiToken } from "@/lib/auth/api-token";
import { resetSecretsCache } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";
import { log, redactUrlTokens } from "@/lib/log";

// A token a client put in a URL (?token=, ?stream_token=) never reaches a log line, whichever
// field or message the URL travels in.

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
const saved = { ...process.env };
let lines: string[];

beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  resetEnvCache();
  resetSecretsCache();
});

describe("redactUrlTokens", () => {
  it.each([
    [`/api/stream/x?token=${JWT}`, "/api/stream/x?token=[redacted]"],
    [`/api/stream/x?last_event_id=3&token=${JWT}&x=1`, "/api/stream/x?last_event_id=3&token=[redacted]&x=1"],
    [`https://apo.example/api/stream/x?stream_token=${JWT}#frag`, "https://apo.example/api/stream/x?stream_token=[redacted]#frag"],
    [`GET /api/download/x/y.pdf?TOKEN=${JWT} 200`, "GET /api/download/x/y.pdf?TOKEN=[redacted] 200"],
    [`token=${JWT}&scan_id=1`, "token=[redacted]&scan_id=1"],
    [`cb?access_token=${JWT};id_token=${JWT}`, "cb?access_token=[redacted];id_token=[redacted]"],
    [`/login?callbackUrl=%2Fapi%2Fstream%2Fx%3Ftoken%3D${JWT}%26x%3D1`, "/login?callbackUrl=%2Fapi%2Fstream%2Fx%3Ftoken%3D[redacted]%26x%3D1"],
  ])("%s", (input, expected) => {
    expect(redactUrlTokens(input)).toBe(expected);
  });

  it("leaves other parameters and words alone", () => {
    for (const s of ["/api/scans?limit=5&offset=10", "token_type=bearer", "?tokens=3", "the token was refused", "/api/shared/abc/evidence_report.html"]) {
      expect(redactUrlTokens(s)).toBe(s);
    }
  });
});

describe("log lines", () => {
  it("redact URL tokens in the message, in any field, and nested", () => {
    log.info(`GET /api/stream/x?token=${JWT}`, { url: `http://h/api/download/x?scan_id=1&token=${JWT}`, nested: { href: `/s?stream_token=${JWT}` } });
    log.error("failed", { error: `TypeError: fetch http://h/x?token=${JWT} failed` });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(JWT);
      expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(JSON.parse(lines[0]!).url).toBe("http://h/api/download/x?scan_id=1&token=[redacted]");
  });

  it("the request log and the unhandled-error log never carry a query string's token", async () => {
    process.env.APO_JWT_SECRET = SECRET;
    resetEnvCache();
    resetSecretsCache();
    const bearer = await signApiToken({ sub: "ci", ttlSeconds: 600, secret: SECRET });
    const handler = withAuth(async () => Response.json({ ok: true }));
    const req = new NextRequest(`http://localhost:8000/api/scans/x/cancel?token=${JWT}&stream_token=${JWT}`, { method: "POST", headers: { authorization: `Bearer ${bearer}` } });
    expect((await handler(req, { params: Promise.resolve({}) })).status).toBe(200);
    handleApiError(new Error(`boom at http://localhost:8000/api/stream/x?token=${JWT}`), "req-1", { path: `/api/stream/x?token=${JWT}` });
    const all = lines.join("");
    expect(all).toContain('"msg":"request"');
    expect(all).toContain('"msg":"unhandled error"');
    expect(all).not.toContain(JWT);
    expect(all).not.toContain(bearer);
  });
});
