import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import { POST as mintToken } from "@/app/api/tokens/route";
import { exceedsMaxLifetime, signApiToken } from "@/lib/auth/api-token";
import { authenticate } from "@/lib/auth/authenticate";
import { resolveSecrets } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";
import { isolateEnv } from "@/tests/support/isolate-env";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// Every API token's lifetime is capped (APO_TOKEN_MAX_TTL_DAYS), and only a signed-in person can
// mint one: a bearer token cannot make itself a successor.

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const key = new TextEncoder().encode(SECRET);
let test: TestService;

beforeAll(async () => {
  test = await startTestService(runsUntilStopped, { workerId: "unit-tokens" });
}, 120_000);
afterAll(() => test.stop());

isolateEnv({ APO_JWT_SECRET: SECRET, APO_TOKEN_MAX_TTL_DAYS: undefined });

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
const bearer = (token: string, extra: Record<string, string> = {}) => new NextRequest("http://localhost:8000/api/tokens", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...extra }, body: JSON.stringify({ name: "ci" }) });
const ctx = { params: Promise.resolve({}) };

describe("the lifetime cap", () => {
  it("measures exp - iat, and exp - now for a token without iat", () => {
    const t = now();
    expect(exceedsMaxLifetime({ iat: t, exp: t + 90 * DAY }, 90 * DAY, t)).toBe(false);
    expect(exceedsMaxLifetime({ iat: t, exp: t + 90 * DAY + 1 }, 90 * DAY, t)).toBe(true);
    // Issued for ten years: refused even with a day left.
    expect(exceedsMaxLifetime({ iat: t - 3650 * DAY, exp: t + DAY }, 90 * DAY, t)).toBe(true);
    expect(exceedsMaxLifetime({ exp: t + 91 * DAY }, 90 * DAY, t)).toBe(true);
    expect(exceedsMaxLifetime({ exp: t + 3600 }, 90 * DAY, t)).toBe(false);
    // An iat in the future does not stretch the window.
    expect(exceedsMaxLifetime({ iat: t + 365 * DAY, exp: t + 400 * DAY }, 90 * DAY, t)).toBe(true);
  });

  it("a bearer token that lives longer than APO_TOKEN_MAX_TTL_DAYS (default 90) is refused", async () => {
    const long = await signApiToken({ sub: "ci-bot", ttlSeconds: 365 * DAY, secret: SECRET });
    const err = await authenticate(bearer(long)).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(err?.code).toBe("unauthorized");
    expect(err?.message).toMatch(/APO_TOKEN_MAX_TTL_DAYS/);
    // The seed's shape (sub + exp, no iat) is measured from now.
    const seed = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("seed").setExpirationTime(now() + 200 * DAY).sign(key);
    await expect(authenticate(bearer(seed))).rejects.toMatchObject({ code: "unauthorized" });
    const ok = await signApiToken({ sub: "ci-bot", ttlSeconds: 30 * DAY, secret: SECRET });
    expect(await authenticate(bearer(ok))).toMatchObject({ id: "ci-bot", via: "token" });
    process.env.APO_TOKEN_MAX_TTL_DAYS = "7";
    resetEnvCache();
    await expect(authenticate(bearer(ok))).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("POST /api/tokens", () => {
  it("401 without credentials", async () => {
    const res = await mintToken(new NextRequest("http://localhost:8000/api/tokens", { method: "POST", body: "{}" }), ctx);
    expect(res.status).toBe(401);
  });

  it("403 for a bearer token, with a message that says how to mint one", async () => {
    const token = await signApiToken({ sub: "analyst@apo.test", ttlSeconds: 3600, secret: SECRET });
    const res = await mintToken(bearer(token), ctx);
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toMatch(/signed-in browser session/);
    expect(await test.service.store.listTokens("analyst@apo.test")).toEqual([]);
  });

  it("a browser session mints a token with a stored jti, within the cap", async () => {
    const jwt = await encode({ token: { sub: "analyst@apo.test", apo: 2 }, secret: resolveSecrets().nextAuth });
    const session = (body: unknown) =>
      new NextRequest("http://localhost:8000/api/tokens", { method: "POST", headers: { cookie: `next-auth.session-token=${jwt}`, host: "localhost:8000", "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await mintToken(session({ name: "ci", expires_in_days: 30 }), ctx);
    expect(res.status).toBe(201);
    const minted = await res.json();
    expect((await test.service.store.getToken(minted.id))?.owner).toBe("analyst@apo.test");
    expect(await authenticate(bearer(minted.token))).toMatchObject({ id: "analyst@apo.test", tokenId: minted.id });
    const tooLong = await mintToken(session({ name: "ci", expires_in_days: 365 }), ctx);
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.message).toMatch(/^expires_in_days: at most 90 days/);
  });
});
