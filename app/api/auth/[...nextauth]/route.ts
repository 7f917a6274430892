import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { withSignInThrottle } from "@/lib/auth/sign-in-throttle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET|POST /api/auth/* – next-auth (sign-in, session, sign-out); options resolve at request time.
// Password sign-ins are throttled: 429 with Retry-After after repeated failures.
const handler = withSignInThrottle((req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> => {
  return NextAuth(getAuthOptions())(req, ctx);
});

export { handler as GET, handler as POST };
