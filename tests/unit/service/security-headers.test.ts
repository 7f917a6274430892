import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import nextConfig from "@/next.config";
import { API_POLICY, ARTIFACT_POLICY, config, proxy } from "@/proxy";
import { resetEnvCache } from "@/lib/env";
import { artifactResponse } from "@/lib/scans/use-cases/read-artifact";

const ORIGIN = "http://apo.test";
const SESSION = { cookie: "next-auth.session-token=abc" };
const request = (path: string, headers: Record<string, string> = {}) => new NextRequest(`${ORIGIN}${path}`, { headers });

/** A policy as directive name → sources. */
function parse(csp: string | null): Map<string, string[]> {
  expect(csp, "a Content-Security-Policy header").toBeTruthy();
  return new Map(
    csp!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe("proxy: which requests it runs on", () => {
  it.each(["/", "/login", "/scans", "/scans/new", "/docs", "/docs/scalar.js", "/api/health", "/api/shared/tok/evidence_report.html", "/favicon.ico"])("runs on %s", (url) => {
    expect(unstable_doesMiddlewareMatch({ config, url })).toBe(true);
  });

  it.each(["/_next/static/chunks/main.js", "/_next/image?url=x"])("leaves Next's build output alone: %s", (url) => {
    expect(unstable_doesMiddlewareMatch({ config, url })).toBe(false);
  });
});

describe("proxy: the sign-in redirect is unchanged", () => {
  // The matcher the proxy had when all it did was redirect: a page it matched, without a session, went to /login.
  const before = { matcher: ["/((?!api|login|docs|share|_next|favicon\\.ico|robots\\.txt|.*\\.(?:png|svg|ico|txt|webmanifest)$).+)"] };
  const paths = [
    "/", "/scans", "/scans/new", "/scans/abc?tab=report", "/settings/tokens", "/scans/compare?a=1&b=2", "/login", "/login?callbackUrl=%2Fscans",
    "/loginx", "/docs", "/docs/scalar.js", "/api/health", "/apix", "/share/x", "/shared", "/favicon.ico", "/robots.txt", "/logo.png",
    "/a/b.svg", "/site.webmanifest", "/notes.txt", "/_next/data/x.json", "/nope",
  ];

  it.each(paths)("%s", (path) => {
    const login = new URL("/login", ORIGIN);
    if (path !== "/") login.searchParams.set("callbackUrl", path);
    const expected = unstable_doesMiddlewareMatch({ config: before, url: path }) ? login.toString() : null;
    const location = (headers: Record<string, string>) =>
      unstable_doesMiddlewareMatch({ config, url: path }) ? proxy(request(path, headers)).headers.get("location") : null;
    expect(location({})).toBe(expected);
    expect(location(SESSION)).toBeNull();
  });
});

describe("proxy: Content-Security-Policy", () => {
  it("gives a page a fresh nonce for Next's scripts, forbids framing, plugins, <base> and foreign forms", () => {
    const res = proxy(request("/login"));
    expect(res.headers.get("location")).toBeNull();
    const policy = parse(res.headers.get("content-security-policy"));
    const nonce = res.headers.get("x-middleware-request-x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 random bits
    expect(policy.get("script-src")).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'"]));
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    // Next reads the nonce from the request's CSP header while rendering.
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(res.headers.get("content-security-policy"));
    expect(res.headers.get("x-middleware-override-headers")).toContain("content-security-policy");
  });

  it("makes a new nonce for every request, and ignores one the client sends", () => {
    const a = proxy(request("/scans", { ...SESSION, "x-nonce": "attacker" })).headers.get("x-middleware-request-x-nonce");
    const b = proxy(request("/scans", SESSION)).headers.get("x-middleware-request-x-nonce");
    expect(a).not.toBe("attacker");
    expect(a).not.toBe(b);
  });

  it("allows eval only in development (React's error stacks)", () => {
    const scriptSrc = (env: string) => {
      vi.stubEnv("NODE_ENV", env);
      resetEnvCache();
      return parse(proxy(request("/login")).headers.get("content-security-policy")).get("script-src");
    };
    try {
      expect(scriptSrc("development")).toContain("'unsafe-eval'");
      expect(scriptSrc("production")).not.toContain("'unsafe-eval'");
    } finally {
      vi.unstubAllEnvs();
      resetEnvCache();
    }
  });

  it("lets /docs run only the nonce'd Scalar bundle and talk only to this origin", () => {
    const res = proxy(request("/docs"));
    const policy = parse(res.headers.get("content-security-policy"));
    const nonce = res.headers.get("x-middleware-request-x-nonce");
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual([`'nonce-${nonce}'`]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(res.headers.get("content-security-policy")).not.toMatch(/https?:|\*/);
  });

  it.each(["/api/health", "/api/scans", "/api/openapi.json", "/docs/scalar.js"])("gives %s the strict non-document policy", (path) => {
    expect(proxy(request(path, SESSION)).headers.get("content-security-policy")).toBe(API_POLICY);
    expect(parse(API_POLICY).get("default-src")).toEqual(["'none'"]);
    expect(parse(API_POLICY).get("frame-ancestors")).toEqual(["'none'"]);
  });

  it.each(["/api/shared/tok", "/api/shared/tok/evidence_report.html", "/api/download/abc/evidence_report.html"])(
    "keeps the sandbox on report HTML at %s, at least as strict as the handler's own (Next keeps the proxy's header)",
    (path) => {
      expect(proxy(request(path)).headers.get("content-security-policy")).toBe(ARTIFACT_POLICY);
      const handler = parse(artifactResponse({ body: "<p>x</p>", bytes: 8, contentType: "text/html; charset=utf-8", file: "evidence_report.html" }, "inline").headers.get("content-security-policy"));
      const ours = parse(ARTIFACT_POLICY);
      for (const [name, sources] of handler) expect(ours.get(name), name).toEqual(sources);
      expect(ours.has("sandbox")).toBe(true);
      expect(ours.get("frame-ancestors")).toEqual(["'none'"]);
      expect(ours.get("script-src") ?? ours.get("default-src")).toEqual(["'none'"]);
    },
  );
});

describe("Strict-Transport-Security", () => {
  afterEach(() => vi.unstubAllEnvs());
  const hsts = async () => (await nextConfig.headers!()).flatMap((rule) => rule.headers).find((h) => h.key === "Strict-Transport-Security")?.value;

  it("is sent in production for two years, subdomains included", async () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(await hsts()).toBe("max-age=63072000; includeSubDomains");
  });

  it("is not sent in development (plain-HTTP localhost)", async () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(await hsts()).toBeUndefined();
  });
});
