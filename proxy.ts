import { NextResponse, type NextRequest } from "next/server";

// Redirects page requests without a session cookie to /login. This is navigation, not
// authorization: API routes and the (app) layout check the session themselves (see STYLE.md).
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function hasSessionCookie(req: NextRequest): boolean {
  // next-auth splits large JWTs into ".0", ".1" chunks.
  return req.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(req: NextRequest) {
  if (hasSessionCookie(req)) return NextResponse.next();
  const login = new URL("/login", req.url);
  const target = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  // Public: the sign-in page, the landing page, the API (own auth), the API reference, shared
  // report links, and static assets.
  matcher: ["/((?!api|login|docs|share|_next|favicon\\.ico|robots\\.txt|.*\\.(?:png|svg|ico|txt|webmanifest)$).+)"],
};
