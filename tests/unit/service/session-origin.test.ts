import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { ApiError } from "@/lib/api/errors";
import { withAuth } from "@/lib/api/with-auth";
import { authenticate } from "@/lib/auth/authenticate";
import { resetSecretsCache, resolveSecrets } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";

// A browser session may write only from our own pages: a foreign or opaque ("null") Origin is a
// 403 with the error envelope, never a crash into a 500.

const saved = { ...process.env };
let cookie: string;

beforeAll(async () => {
  process.env.APO_JWT_SECRET = "unit-test-secret-0123456789abcdef0123456789";
  resetEnvCache();
  resetSecretsCache();
  // A session as next-auth issues it after a password sign-in (apo: the session version).
  const jwt = await encode({ token: { sub: "analyst@apo.test", email: "analyst@apo.test", apo: 2 }, secret: resolveSecrets().nextAuth });
  cookie = `next-auth.session-token=${jwt}`;
});

afterAll(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetSecretsCache();
});

function request(method: string, origin?: string): NextRequest {
  const headers: Record<string, string> = { cookie, host: "localhost:8000", "content-type": "application/json" };
  if (origin !== undefined) headers.origin = origin;
  return new NextRequest("http://localhost:8000/api/scans/x/cancel", { method, headers, body: method === "GET" ? undefined : "{}" });
}

const CROSS = ["null", "https://evil.example", "http://localhost:8001", "not a url", "http://localhost:8000.evil.example"];

describe("cookie-authenticated writes and Origin", () => {
  it("authenticate: same origin or no Origin passes, a foreign or null Origin is forbidden", async () => {
    expect(await authenticate(request("POST", "http://localhost:8000"))).toEqual({ id: "analyst@apo.test", via: "session" });
    expect(await authenticate(request("POST"))).toMatchObject({ id: "analyst@apo.test" });
    expect(await authenticate(request("GET", "null"))).toMatchObject({ id: "analyst@apo.test" });
    for (const origin of CROSS) {
      const err = await authenticate(request("POST", origin)).then(() => null, (e: unknown) => e);
      expect(err, origin).toBeInstanceOf(ApiError);
      expect((err as ApiError).code, origin).toBe("forbidden");
    }
  });

  it("through the route wrapper: 403 with the envelope, not 500", async () => {
    const handler = withAuth(async () => Response.json({ ok: true }));
    for (const method of ["POST", "DELETE", "PATCH"]) {
      for (const origin of CROSS) {
        const res = await handler(request(method, origin), { params: Promise.resolve({}) });
        expect(res.status, `${method} ${origin}`).toBe(403);
        expect((await res.json()).error.code).toBe("forbidden");
      }
    }
    expect((await handler(request("POST", "http://localhost:8000"), { params: Promise.resolve({}) })).status).toBe(200);
  });
});
