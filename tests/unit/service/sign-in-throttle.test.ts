import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { clientAddress } from "@/lib/api/rate-limit";
import { recordSignInAttempt, resetSignInThrottle, signInLimits, SIGN_IN_WINDOW_SECONDS, withSignInThrottle } from "@/lib/auth/sign-in-throttle";
import { resetSecretsCache } from "@/lib/auth/secret";
import { EnvError, parseEnv, resetEnvCache } from "@/lib/env";
import { signInWithPassword } from "@/components/auth/credentials-sign-in";

// Password guessing at the credentials callback: after APO_SIGNIN_MAX_FAILURES failures on one
// account (or four times as many from one trusted client address) the answer is a real 429.

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.APO_SIGNIN_MAX_FAILURES;
  delete process.env.APO_TRUSTED_PROXY_HOPS;
  process.env.APO_JWT_SECRET = "unit-test-secret-0123456789abcdef0123456789";
  resetEnvCache();
  resetSecretsCache();
  resetSignInThrottle();
});
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetSecretsCache();
  resetSignInThrottle();
});

const URL_ = "http://localhost:8000/api/auth/callback/credentials";
function attempt(email: string, headers: Record<string, string> = {}): NextRequest {
  const body = new URLSearchParams({ email, password: "guess", csrfToken: "t", json: "true" });
  return new NextRequest(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
}
const ctx = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };

/** next-auth's answers: a refused sign-in points back to the login page; a good one sets the session cookie. */
// What next-auth 4.24 answers a refused credentials sign-in with json=true: 401 and the error page.
const refused = () => Response.json({ url: "http://localhost:8000/api/auth/error?error=CredentialsSignin&provider=credentials" }, { status: 401 });
function accepted(): Response {
  const res = Response.json({ url: "http://localhost:8000/scans" });
  res.headers.append("Set-Cookie", "next-auth.session-token=eyJhbGciOi.x.y; Path=/; HttpOnly; SameSite=Lax");
  return res;
}

function fakeNextAuth(answer: () => Response = refused) {
  const calls: string[] = [];
  const handler = withSignInThrottle(async (req: NextRequest) => {
    calls.push(String((await req.formData()).get("email")));
    return answer();
  });
  return { handler, calls };
}

async function expect429(res: Response, maxWait = SIGN_IN_WINDOW_SECONDS) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxWait);
  const body = await res.json();
  expect(body.error.code).toBe("rate_limited");
  expect(body.error.message).toMatch(/Too many failed sign-in attempts/);
}

describe("sign-in throttle", () => {
  it("per account: the sixth failure in the window is a 429 and never reaches the password check", async () => {
    const { handler, calls } = fakeNextAuth();
    for (let i = 0; i < 5; i++) expect((await handler(attempt("Analyst@apo.test"), ctx)).status).toBe(401);
    await expect429(await handler(attempt("analyst@apo.test "), ctx));
    expect(calls).toHaveLength(5);
    // Another account is not held up.
    expect((await handler(attempt("other@apo.test"), ctx)).status).toBe(401);
  });

  it("the limit follows APO_SIGNIN_MAX_FAILURES", async () => {
    process.env.APO_SIGNIN_MAX_FAILURES = "2";
    resetEnvCache();
    const { handler } = fakeNextAuth();
    await handler(attempt("a@apo.test"), ctx);
    await handler(attempt("a@apo.test"), ctx);
    await expect429(await handler(attempt("a@apo.test"), ctx));
  });

  it("counts attempts as they start, so parallel guesses cannot slip past", async () => {
    const { handler, calls } = fakeNextAuth();
    const answers = await Promise.all(Array.from({ length: 12 }, () => handler(attempt("analyst@apo.test"), ctx)));
    expect(answers.filter((r) => r.status === 429)).toHaveLength(7);
    expect(calls).toHaveLength(5);
  });

  it("a successful sign-in starts the account's count again", async () => {
    let ok = false;
    const { handler } = fakeNextAuth(() => (ok ? accepted() : refused()));
    for (let i = 0; i < 4; i++) await handler(attempt("analyst@apo.test"), ctx);
    ok = true;
    expect((await handler(attempt("analyst@apo.test"), ctx)).status).toBe(200);
    ok = false;
    for (let i = 0; i < 5; i++) expect((await handler(attempt("analyst@apo.test"), ctx)).status).toBe(401);
    expect((await handler(attempt("analyst@apo.test"), ctx)).status).toBe(429);
  });

  it("per client address only behind trusted proxies, from the hop the proxy added", async () => {
    const { handler } = fakeNextAuth();
    // Untrusted: X-Forwarded-For is the client's own text, so it is not a key.
    for (let i = 0; i < 30; i++) expect((await handler(attempt(`u${i}@x.test`, { "x-forwarded-for": "203.0.113.7" }), ctx)).status).toBe(401);
    process.env.APO_TRUSTED_PROXY_HOPS = "1";
    resetEnvCache();
    resetSignInThrottle();
    // One proxy (ALB) appends what it saw; the client's own first entry changes every time.
    for (let i = 0; i < 20; i++) {
      expect((await handler(attempt(`u${i}@x.test`, { "x-forwarded-for": `10.0.0.${i}, 203.0.113.7` }), ctx)).status).toBe(401);
    }
    await expect429(await handler(attempt("fresh@x.test", { "x-forwarded-for": "10.9.9.9, 203.0.113.7" }), ctx));
    expect((await handler(attempt("fresh@x.test", { "x-forwarded-for": "203.0.113.8" }), ctx)).status).toBe(401);
  });

  it("leaves the rest of next-auth alone", async () => {
    const { handler, calls } = fakeNextAuth();
    for (let i = 0; i < 8; i++) {
      await handler(new NextRequest("http://localhost:8000/api/auth/signout", { method: "POST", body: new URLSearchParams({ email: "a@apo.test" }) }), ctx);
    }
    expect(calls).toHaveLength(8);
  });

  it("the real route answers 429 with Retry-After before next-auth runs", async () => {
    for (let i = 0; i < 5; i++) recordSignInAttempt(signInLimits("analyst@apo.test", undefined, 5));
    await expect429(await nextAuthPost(attempt("analyst@apo.test"), ctx));
  });
});

describe("the client address", () => {
  const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });
  it("is unknown without trusted proxies, whatever X-Forwarded-For says", () => {
    expect(clientAddress(h("203.0.113.7"), 0)).toBeUndefined();
  });
  it("is the entry the outermost trusted proxy added, not the client's own first one", () => {
    expect(clientAddress(h("1.1.1.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(h("1.1.1.1, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
    expect(clientAddress(h("2001:DB8::1"), 1)).toBe("2001:db8::1");
    expect(clientAddress(h("203.0.113.7"), 2)).toBeUndefined();
    expect(clientAddress(h(), 1)).toBeUndefined();
    expect(clientAddress(h("not an address"), 1)).toBeUndefined();
  });
});

describe("the login form's request", () => {
  function fakeFetch(answer: Response): typeof fetch {
    return (async (input: RequestInfo | URL) => (String(input).endsWith("/csrf") ? Response.json({ csrfToken: "t" }) : answer)) as typeof fetch;
  }

  it("says when sign-in is throttled and for how long", async () => {
    const message = "Too many failed sign-in attempts. Try again in 10 minutes.";
    const res = Response.json({ error: { code: "rate_limited", message } }, { status: 429, headers: { "Retry-After": "600" } });
    expect(await signInWithPassword("a@apo.test", "x", fakeFetch(res))).toEqual({ ok: false, kind: "rate_limited", retryAfterSeconds: 600, message });
    // A 429 from something in front of APO, without the envelope: Retry-After still says how long.
    const bare = await signInWithPassword("a@apo.test", "x", fakeFetch(new Response("slow down", { status: 429, headers: { "Retry-After": "90" } })));
    expect(bare).toMatchObject({ ok: false, kind: "rate_limited", message: expect.stringMatching(/Wait 2 minutes/) });
  });

  it("tells a wrong password from a success", async () => {
    expect(await signInWithPassword("a@apo.test", "x", fakeFetch(refused()))).toMatchObject({ ok: false, kind: "invalid" });
    expect(await signInWithPassword("a@apo.test", "x", fakeFetch(accepted()))).toEqual({ ok: true });
    expect(await signInWithPassword("a@apo.test", "x", fakeFetch(new Response("oops", { status: 500 })))).toMatchObject({ ok: false, kind: "unavailable" });
  });
});

describe("bcrypt cost cap", () => {
  it("refuses a configured hash whose cost would stall the server", () => {
    expect(() => parseEnv({ APO_ADMIN_PASSWORD_HASH: "$2b$14$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234" })).toThrow(EnvError);
    expect(parseEnv({ APO_ADMIN_PASSWORD_HASH: "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234" }).APO_ADMIN_PASSWORD_HASH).toMatch(/^\$2b\$12\$/);
  });
});
