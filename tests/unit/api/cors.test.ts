import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { withAuth } from "@/lib/api/with-auth";
import { resetSecretsCache, resolveSecrets } from "@/lib/auth/secret";
import { CORS_ALLOW_HEADERS, decideCors, isCorsPath, parseCorsOrigins } from "@/lib/api/cors";
import { EnvError, parseEnv, resetEnvCache } from "@/lib/env";
import { API_POLICY, proxy } from "@/proxy";

const APP = "https://app.example.com";
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetSecretsCache();
});

describe("APO_CORS_ORIGINS", () => {
  it("takes a comma list of exact origins, normalised and deduplicated", () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins(" ")).toEqual([]);
    expect(parseCorsOrigins("https://app.example.com, http://localhost:3000 ,HTTPS://Grc.Example.org:8443/,https://app.example.com")).toEqual([
      APP,
      "http://localhost:3000",
      "https://grc.example.org:8443",
    ]);
    // The default port is not part of a serialised origin (the browser's Origin header omits it).
    expect(parseCorsOrigins("https://app.example.com:443")).toEqual([APP]);
  });

  it.each(["*", "null", "app.example.com", "https://app.example.com/path", "https://app.example.com?x=1", "https://user:pw@app.example.com", "ftp://app.example.com", "https://*.example.com", "file:///x"])(
    "refuses %s",
    (value) => {
      expect(() => parseCorsOrigins(value)).toThrow();
      expect(() => parseEnv({ APO_CORS_ORIGINS: `${APP},${value}` })).toThrow(EnvError);
    },
  );

  it("names the variable and says why * is refused", () => {
    expect(() => parseEnv({ APO_CORS_ORIGINS: "*" })).toThrow(/APO_CORS_ORIGINS.*wildcards are not allowed/);
    expect(parseEnv({}).APO_CORS_ORIGINS).toEqual([]);
    expect(parseEnv({ APO_CORS_ORIGINS: APP }).APO_CORS_ORIGINS).toEqual([APP]);
  });
});

describe("decideCors", () => {
  const allowed = [APP];
  const req = (over: Partial<Parameters<typeof decideCors>[0]> = {}) => ({ method: "GET", path: "/api/status/x", origin: APP, requestMethod: null, ...over });

  it("covers the API and /health, not next-auth or pages", () => {
    for (const p of ["/api/scan", "/api/stream/x", "/api/download/x/y.json", "/health", "/api/health"]) expect(isCorsPath(p), p).toBe(true);
    for (const p of ["/api/auth/session", "/api/auth", "/", "/scans", "/login", "/healthz", "/apix", "/docs"]) expect(isCorsPath(p), p).toBe(false);
  });

  it("leaves everything alone when no origin is allowed", () => {
    expect(decideCors(req(), [])).toEqual({ kind: "none" });
    expect(decideCors(req({ method: "OPTIONS", requestMethod: "POST" }), [])).toEqual({ kind: "none" });
    expect(decideCors(req({ path: "/scans" }), allowed)).toEqual({ kind: "none" });
  });

  it("answers a listed origin's preflight with the methods, headers and max-age, never credentials", () => {
    const d = decideCors(req({ method: "OPTIONS", requestMethod: "POST" }), allowed);
    expect(d.kind).toBe("preflight");
    expect(d.kind !== "none" && d.headers).toEqual({
      Vary: "Origin",
      "Access-Control-Allow-Origin": APP,
      "Access-Control-Allow-Methods": expect.stringContaining("POST"),
      "Access-Control-Allow-Headers": "Authorization, Content-Type, Last-Event-ID",
      "Access-Control-Max-Age": "600",
    });
  });

  it("marks a listed origin's responses readable and exposes Retry-After and X-Request-Id", () => {
    const d = decideCors(req(), allowed);
    expect(d).toEqual({ kind: "response", headers: { Vary: "Origin", "Access-Control-Allow-Origin": APP, "Access-Control-Expose-Headers": expect.stringMatching(/Retry-After.*X-Request-Id/) } });
  });

  it("grants nothing to an unlisted, null, look-alike or missing origin", () => {
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.example", "http://app.example.com", "https://APP.example.com", null]) {
      for (const over of [{}, { method: "OPTIONS", requestMethod: "GET" }]) {
        const d = decideCors(req({ origin, ...over }), allowed);
        expect(d.kind !== "none" && d.headers, String(origin)).toEqual({ Vary: "Origin" });
      }
    }
  });
});

describe("proxy: CORS beside the CSP", () => {
  const at = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) => proxy(new NextRequest(`http://apo.test${path}`, init));
  const preflight = (path: string, origin: string) =>
    at(path, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
  const enable = () => {
    process.env.APO_CORS_ORIGINS = APP;
    resetEnvCache();
  };

  it("unset: no CORS header anywhere, preflights go on to Next as before", () => {
    const res = preflight("/api/scan", APP);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(at("/api/status/x", { headers: { origin: APP } }).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers an allowed preflight itself: 204, the grant, the API's CSP; no credentials", () => {
    enable();
    const res = preflight("/api/scan", APP);
    expect(res.status).toBe(204);
    expect(res.headers.get("x-middleware-next")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-headers")).toBe(CORS_ALLOW_HEADERS);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-max-age")).toBe("600");
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBe(API_POLICY);
  });

  it("a preflight from an unlisted origin gets 204 with no grant", () => {
    enable();
    const res = preflight("/api/scan", "https://evil.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("adds the grant to actual responses (API, downloads, /health) and keeps each route's CSP", () => {
    enable();
    for (const path of ["/api/results/x", "/api/stream/x?token=abc", "/api/download/x/evidence_report.html", "/health", "/api/health"]) {
      const res = at(path, { headers: { origin: APP, authorization: "Bearer x" } });
      expect(res.headers.get("x-middleware-next"), path).toBe("1");
      expect(res.headers.get("access-control-allow-origin"), path).toBe(APP);
      expect(res.headers.get("access-control-expose-headers"), path).toContain("X-Request-Id");
      expect(res.headers.get("access-control-allow-credentials"), path).toBeNull();
      expect(res.headers.get("content-security-policy"), path).toMatch(/default-src 'none'/);
    }
    expect(at("/api/download/x/evidence_report.html", { headers: { origin: APP } }).headers.get("content-security-policy")).toMatch(/^sandbox/);
    const foreign = at("/api/results/x", { headers: { origin: "https://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect(foreign.headers.get("vary")).toBe("Origin");
  });

  it("pages and next-auth get no CORS, and the sign-in redirect still happens", () => {
    enable();
    const page = at("/scans", { headers: { origin: APP } });
    expect(page.headers.get("location")).toContain("/login");
    expect(page.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight("/api/auth/callback/credentials", APP).headers.get("access-control-allow-origin")).toBeNull();
    expect(at("/api/auth/session", { headers: { origin: APP } }).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("/health is public: not sent to sign-in, and carries the API's policy, not a page's", () => {
    const res = at("/health");
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBe(API_POLICY);
    expect(at("/healthz").headers.get("location")).toContain("/login");
  });
});

describe("CORS does not make cookies count cross-origin", () => {
  it("a session-cookie write from the listed origin is still 403, and no response grants credentials", async () => {
    process.env.APO_CORS_ORIGINS = APP;
    process.env.APO_JWT_SECRET = "unit-test-secret-0123456789abcdef0123456789";
    resetEnvCache();
    resetSecretsCache();
    const jwt = await encode({ token: { sub: "analyst@apo.test", email: "analyst@apo.test", apo: 2 }, secret: resolveSecrets().nextAuth });
    const req = () =>
      new NextRequest("http://localhost:8000/api/scan", { method: "POST", headers: { cookie: `next-auth.session-token=${jwt}`, origin: APP, host: "localhost:8000", "content-type": "application/json" }, body: "{}" });
    const passed = proxy(req());
    expect(passed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(passed.headers.get("access-control-allow-credentials")).toBeNull();
    const res = await withAuth(async () => Response.json({ ok: true }))(req(), { params: Promise.resolve({}) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });
});
