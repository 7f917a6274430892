import { NextResponse, type NextRequest } from "next/server";
import { decideCors } from "@/lib/api/cors";
import { getEnv } from "@/lib/env";

// Runs on every request but Next's static files. Three jobs:
// 1. Redirects page requests without a session cookie to /login. This is navigation, not
//    authorization: API routes and the (app) layout check the session themselves (see STYLE.md).
// 2. Sets the Content-Security-Policy. Pages get a fresh nonce, which Next reads back from the
//    request's CSP header and puts on its own scripts (the root layout puts it on the theme script).
//    A header set here wins over one a route handler sets (Next keeps the first), so the policies
//    of the routes that serve reports and the API reference are chosen here too.
// 3. CORS for the API, for the origins APO_CORS_ORIGINS lists (lib/api/cors.ts): it answers their
//    preflights and marks their responses readable. Without the variable nothing changes.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

// Public: the sign-in page, the landing page, the API (own auth) and its /health alias, the API
// reference, shared report links, and static assets. (The matcher this proxy had when it only
// redirected, plus /health.)
const NEEDS_SESSION = /^\/(?!api|health$|login|docs|share|_next|favicon\.ico|robots\.txt|.*\.(?:png|svg|ico|txt|webmanifest)$).+$/;

function hasSessionCookie(req: NextRequest): boolean {
  // next-auth splits large JWTs into ".0", ".1" chunks.
  return req.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

const policy = (directives: string[]) => directives.join("; ");

/** Pages: Next's scripts and the theme script by nonce; style attributes (progress bars, charts) inline. */
export function pagePolicy(nonce: string, dev: boolean): string {
  return policy([
    "default-src 'self'",
    // 'unsafe-eval' in development only: React rebuilds server error stacks with eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The dev server injects CSS with <style> elements that carry no nonce.
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]);
}

/** /docs: the pinned Scalar bundle served by this app (app/docs/scalar.js), talking to this origin only. */
export function docsPolicy(nonce: string): string {
  return policy([
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Scalar's components inject their CSS as <style> elements without a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]);
}

/** Shared and downloaded artefacts: report HTML quotes scanned sites, so no scripts, sandboxed, on our origin. */
export const ARTIFACT_POLICY = policy([
  "sandbox",
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'unsafe-inline'",
  "font-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
]);

/** Everything else (JSON, event streams, the Scalar bundle): nothing may load, nothing may frame it. */
export const API_POLICY = policy(["default-src 'none'", "frame-ancestors 'none'"]);

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

function withPolicy(req: NextRequest): NextResponse {
  const path = req.nextUrl.pathname;
  if (isUnder(path, "/api/shared") || isUnder(path, "/api/download")) return respondWith(ARTIFACT_POLICY);
  if (isUnder(path, "/api") || path === "/health" || path === "/docs/scalar.js") return respondWith(API_POLICY);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = path === "/docs" ? docsPolicy(nonce) : pagePolicy(nonce, getEnv().NODE_ENV === "development");
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  return respondWith(csp, NextResponse.next({ request: { headers } }));
}

function respondWith(csp: string, res = NextResponse.next()): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

function route(req: NextRequest): NextResponse {
  if (hasSessionCookie(req) || !NEEDS_SESSION.test(req.nextUrl.pathname)) return withPolicy(req);
  const login = new URL("/login", req.url);
  const target = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return respondWith(API_POLICY, NextResponse.redirect(login));
}

export function proxy(req: NextRequest) {
  const cors = decideCors(
    { method: req.method, path: req.nextUrl.pathname, origin: req.headers.get("origin"), requestMethod: req.headers.get("access-control-request-method") },
    getEnv().APO_CORS_ORIGINS,
  );
  // A preflight never reaches a handler: an unlisted origin gets the 204 without any grant.
  if (cors.kind === "preflight") return respondWith(API_POLICY, new NextResponse(null, { status: 204, headers: cors.headers }));
  const res = route(req);
  if (cors.kind === "response") for (const [name, value] of Object.entries(cors.headers)) res.headers.set(name, value);
  return res;
}

export const config = {
  // Everything but Next's build output (hashed JS and CSS, optimised images).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
