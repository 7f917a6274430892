import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { SignJWT } from "jose";
import { GET as download } from "@/app/api/download/[...path]/route";
import { GET as stream } from "@/app/api/stream/[scanId]/route";
import { hashToken, signApiToken, signStreamToken } from "@/lib/auth/api-token";
import { authenticateDownload, authenticateStream, forgetToken } from "@/lib/auth/authenticate";
import { resetEnvCache } from "@/lib/env";
import { isolateEnv } from "@/tests/support/isolate-env";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// ?token=<API token> on GET /api/stream/{id} and GET /api/download/…: refused, with what to do
// instead, unless the operator sets APO_ACCEPT_QUERY_TOKENS=true; then exactly as a bearer header.

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const SCAN = "6f1c1f0e-8a7b-4c39-9d54-0c2f4f1f9a01";
const DAY = 86_400;
let test: TestService;

beforeAll(async () => {
  test = await startTestService(runsUntilStopped, { workerId: "unit-query-token" });
}, 120_000);
afterAll(() => test.stop());

isolateEnv({ APO_JWT_SECRET: SECRET, APO_ACCEPT_QUERY_TOKENS: undefined, APO_TOKEN_MAX_TTL_DAYS: undefined });

const acceptQueryTokens = () => {
  process.env.APO_ACCEPT_QUERY_TOKENS = "true";
  resetEnvCache();
};
const get = (path: string, headers: Record<string, string> = {}, method = "GET") => new NextRequest(`http://localhost:8000${path}`, { method, headers });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { code: string; message: string });
const token = (sub = "analyst@apo.test") => signApiToken({ sub, ttlSeconds: 3600, secret: SECRET });

describe("off (the default)", () => {
  it("a ?token= on the stream is a 401 that points at stream links, not silently ignored", async () => {
    const t = await token();
    const err = await refusal(authenticateStream(get(`/api/stream/${SCAN}?token=${t}`), SCAN));
    expect(err?.code).toBe("unauthorized");
    expect(err?.message).toMatch(/POST \/api\/scans\/\{scan_id\}\/stream-link/);
    // Not even with a valid header beside it: the client must learn its URL is wrong.
    expect((await refusal(authenticateStream(get(`/api/stream/${SCAN}?token=${t}`, { authorization: `Bearer ${t}` }), SCAN)))?.code).toBe("unauthorized");
    // The header alone and stream links work as before.
    expect(await authenticateStream(get(`/api/stream/${SCAN}`, { authorization: `Bearer ${t}` }), SCAN)).toMatchObject({ id: "analyst@apo.test", via: "token" });
    const link = await signStreamToken({ owner: "analyst@apo.test", scanId: SCAN, expiresAt: new Date(Date.now() + 60_000) });
    expect(await authenticateStream(get(`/api/stream/${SCAN}?stream_token=${link}`), SCAN)).toMatchObject({ via: "stream-link" });
  });

  it("a ?token= on a download is a 401 that says to send the header", async () => {
    const err = await refusal(authenticateDownload(get(`/api/download/${SCAN}/evidence_report.json?token=${await token()}`)));
    expect(err?.code).toBe("unauthorized");
    expect(err?.message).toMatch(/Authorization: Bearer/);
  });

  it("through the routes: 401 with the envelope", async () => {
    const t = await token();
    const s = await stream(get(`/api/stream/${SCAN}?token=${t}`), { params: Promise.resolve({ scanId: SCAN }) });
    expect(s.status).toBe(401);
    expect((await s.json()).error.message).toContain("stream-link");
    const d = await download(get(`/api/download/evidence_report.json?token=${t}`), { params: Promise.resolve({ path: ["evidence_report.json"] }) });
    expect(d.status).toBe(401);
    expect((await d.json()).error.code).toBe("unauthorized");
  });
});

describe("on (APO_ACCEPT_QUERY_TOKENS=true)", () => {
  beforeEach(acceptQueryTokens);

  it("accepts ?token= on the stream and downloads as the token's principal", async () => {
    const t = await token("Analyst@APO.test");
    expect(await authenticateStream(get(`/api/stream/${SCAN}?token=${t}`), SCAN)).toEqual({ id: "analyst@apo.test", via: "token" });
    expect(await authenticateDownload(get(`/api/download/evidence_report.json?scan_id=${SCAN}&token=${t}`))).toEqual({ id: "analyst@apo.test", via: "token" });
  });

  it("verifies it like a header: signature, algorithm, expiry, lifetime cap", async () => {
    const key = new TextEncoder().encode(SECRET);
    const bad = [
      "nope",
      "",
      await signApiToken({ sub: "x", ttlSeconds: 3600, secret: "another-secret-0123456789abcdef0123456789" }),
      await new SignJWT({}).setProtectedHeader({ alg: "HS512" }).setSubject("x").setExpirationTime("1h").sign(key),
      await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("x").setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(key),
      await signApiToken({ sub: "x", ttlSeconds: 365 * DAY, secret: SECRET }),
      // A stream link or share token is not an API token.
      await signStreamToken({ owner: "x", scanId: SCAN, expiresAt: new Date(Date.now() + 60_000) }),
    ];
    for (const t of bad) {
      expect((await refusal(authenticateStream(get(`/api/stream/${SCAN}?token=${t}`), SCAN)))?.code, t).toBe("unauthorized");
      expect((await refusal(authenticateDownload(get(`/api/download/x/y.json?token=${t}`))))?.code, t).toBe("unauthorized");
    }
  });

  it("honours revocation of a minted token", async () => {
    const id = "2b0e3c1a-1111-4a4a-8b8b-000000000001";
    const t = await signApiToken({ sub: "analyst@apo.test", ttlSeconds: 3600, jti: id, secret: SECRET });
    await test.service.store.createToken({ id, owner: "analyst@apo.test", name: "dash", tokenHash: hashToken(t), expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await authenticateDownload(get(`/api/download/x/y.json?token=${t}`))).toMatchObject({ tokenId: id });
    await test.service.store.revokeToken(id, "analyst@apo.test");
    forgetToken(id);
    expect((await refusal(authenticateDownload(get(`/api/download/x/y.json?token=${t}`))))?.message).toMatch(/revoked/);
    expect((await refusal(authenticateStream(get(`/api/stream/${SCAN}?token=${t}`), SCAN)))?.message).toMatch(/revoked/);
  });

  it("one credential per request, and GET only", async () => {
    const t = await token();
    const link = await signStreamToken({ owner: "analyst@apo.test", scanId: SCAN, expiresAt: new Date(Date.now() + 60_000) });
    expect((await refusal(authenticateStream(get(`/api/stream/${SCAN}?token=${t}`, { authorization: `Bearer ${t}` }), SCAN)))?.message).toMatch(/not both/);
    expect((await refusal(authenticateStream(get(`/api/stream/${SCAN}?stream_token=${link}&token=${t}`), SCAN)))?.message).toMatch(/not both/);
    expect((await refusal(authenticateDownload(get(`/api/download/x/y.json?token=${t}`, {}, "DELETE"))))?.code).toBe("unauthorized");
  });

  it("no ?token=: the header and cookie rules are unchanged", async () => {
    const t = await token();
    expect(await authenticateDownload(get("/api/download/x/y.json", { authorization: `Bearer ${t}` }))).toMatchObject({ via: "token" });
    expect((await refusal(authenticateDownload(get("/api/download/x/y.json"))))?.code).toBe("unauthorized");
  });
});
