import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { clientAddress } from "@/lib/api/rate-limit";
import { getEnv } from "@/lib/env";

/*
 * Password guessing at POST /api/auth/callback/credentials. Every attempt counts when it starts
 * (so parallel guesses cannot all slip past the check) and a successful sign-in clears its
 * account's count: after APO_SIGNIN_MAX_FAILURES attempts without success on one account in the
 * window, or four times as many from one client address (known only behind trusted proxies,
 * APO_TRUSTED_PROXY_HOPS), the answer is 429 with Retry-After. The price is that anyone can hold
 * an account's sign-in for the window by guessing; that is the usual trade, and it stops guessing.
 * Counts live in this process (a sign-in lands on one container), like the per-process scan limit.
 */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
const WINDOW_MS = SIGN_IN_WINDOW_SECONDS * 1000;
const ADDRESS_FACTOR = 4;
const MAX_KEYS = 10_000;
/** Sign-ins being checked at once (each may be a bcrypt compare) before the rest are told to wait. */
const MAX_IN_FLIGHT = 16;

export interface SignInLimit {
  key: string;
  limit: number;
}

const attempts = new Map<string, number[]>();
let inFlight = 0;

export function signInLimits(email: string | undefined, address: string | undefined, maxFailures: number): SignInLimit[] {
  const limits: SignInLimit[] = [];
  const account = email?.trim().toLowerCase();
  if (account) limits.push({ key: `account:${account}`, limit: maxFailures });
  if (address) limits.push({ key: `address:${address}`, limit: maxFailures * ADDRESS_FACTOR });
  return limits;
}

const recent = (key: string, now: number) => (attempts.get(key) ?? []).filter((t) => now - t < WINDOW_MS);

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export function signInRetryAfter(limits: SignInLimit[], now = Date.now()): number {
  let wait = 0;
  for (const { key, limit } of limits) {
    const times = recent(key, now);
    if (times.length >= limit) wait = Math.max(wait, Math.ceil((times[times.length - limit]! + WINDOW_MS - now) / 1000));
  }
  return wait;
}

export function recordSignInAttempt(limits: SignInLimit[], now = Date.now()): void {
  if (attempts.size >= MAX_KEYS) {
    for (const [key, times] of attempts) if (!times.some((t) => now - t < WINDOW_MS)) attempts.delete(key);
    // Still full of live keys (a flood of made-up e-mails): forget the oldest half.
    if (attempts.size >= MAX_KEYS) [...attempts.keys()].slice(0, MAX_KEYS / 2).forEach((k) => attempts.delete(k));
  }
  for (const { key } of limits) attempts.set(key, [...recent(key, now), now]);
}

/** A successful sign-in: the account's count starts again, and this attempt no longer counts for the address. */
export function recordSignInSuccess(limits: SignInLimit[]): void {
  for (const { key } of limits) {
    if (key.startsWith("account:")) attempts.delete(key);
    else attempts.get(key)?.pop();
  }
}

export function resetSignInThrottle(): void {
  attempts.clear();
  inFlight = 0;
}

const isCredentialsCallback = (req: NextRequest) => req.method === "POST" && /\/api\/auth\/callback\/credentials\/?$/.test(req.nextUrl.pathname);

function signedIn(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=[^;]/.test(c));
}

function tooMany(message: string, retryAfter: number): Response {
  return errorResponse("rate_limited", message, randomUUID(), { "Retry-After": String(retryAfter), "Cache-Control": "no-store" });
}

/** Wraps next-auth's route: credentials sign-ins are counted, and refused with a real 429 when throttled. */
export function withSignInThrottle<C>(handler: (req: NextRequest, ctx: C) => Promise<Response>) {
  return async (req: NextRequest, ctx: C): Promise<Response> => {
    if (!isCredentialsCallback(req)) return handler(req, ctx);
    const env = getEnv();
    const form = await req.clone().formData().catch(() => null);
    const email = form?.get("email");
    const limits = signInLimits(typeof email === "string" ? email : undefined, clientAddress(req.headers, env.APO_TRUSTED_PROXY_HOPS), env.APO_SIGNIN_MAX_FAILURES);
    const wait = signInRetryAfter(limits);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      return tooMany(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, wait);
    }
    if (inFlight >= MAX_IN_FLIGHT) return tooMany("Too many sign-ins at once. Try again in a few seconds.", 5);
    recordSignInAttempt(limits);
    inFlight++;
    try {
      const res = await handler(req, ctx);
      if (signedIn(res)) recordSignInSuccess(limits);
      return res;
    } finally {
      inFlight--;
    }
  };
}
