// The analyst account's sign-in, spoken to next-auth's credentials endpoint directly instead of
// through next-auth/react's signIn(), which cannot read a 429 (it throws on a body without `url`)
// and hides Retry-After.

export type SignInOutcome =
  | { ok: true }
  | { ok: false; kind: "invalid" | "rate_limited" | "unavailable"; message: string; retryAfterSeconds?: number };

const INVALID = "That email and password do not match an account.";
const UNAVAILABLE = "Could not reach the server. Try again.";

function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? "" : "s"}`;
}

export async function signInWithPassword(email: string, password: string, fetchImpl: typeof fetch = fetch): Promise<SignInOutcome> {
  try {
    const csrf = (await (await fetchImpl("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken?: string };
    const res = await fetchImpl("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken ?? "", json: "true" }),
    });
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("Retry-After")) || 60;
      const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
      const said = typeof body?.error?.message === "string" && body.error.message ? body.error.message : null;
      return { ok: false, kind: "rate_limited", retryAfterSeconds: retryAfter, message: said ?? `Too many sign-in attempts. Wait ${minutes(retryAfter)} before trying again.` };
    }
    // next-auth answers a refused sign-in with 401 and the error page's URL (?error=CredentialsSignin).
    if (res.status === 401) return { ok: false, kind: "invalid", message: INVALID };
    if (!res.ok) return { ok: false, kind: "unavailable", message: UNAVAILABLE };
    const data = (await res.json()) as { url?: string };
    // A 200 that still carries ?error= is a refusal too.
    const error = data.url ? new URL(data.url, "http://x.invalid").searchParams.get("error") : "missing";
    return error ? { ok: false, kind: "invalid", message: INVALID } : { ok: true };
  } catch {
    return { ok: false, kind: "unavailable", message: UNAVAILABLE };
  }
}
