import { getEnv, type Env } from "@/lib/env";

/**
 * Where people reach this server: the app's configured public URL (NEXTAUTH_URL, which sign-in
 * redirects rely on too), else the local port. Webhooks link to it, so it must not be the
 * address of whichever request happened to trigger the run.
 */
export function publicBaseUrl(env: Pick<Env, "NEXTAUTH_URL" | "PORT"> = getEnv()): string {
  if (env.NEXTAUTH_URL) {
    try {
      // The origin only: NEXTAUTH_URL may name next-auth's own path (…/api/auth).
      return new URL(env.NEXTAUTH_URL).origin;
    } catch {
      // A malformed value is next-auth's problem to report; links fall back to the local port.
    }
  }
  return `http://localhost:${env.PORT}`;
}

/** The report's page in the UI. */
export function reportUrlFor(scanId: string, env?: Pick<Env, "NEXTAUTH_URL" | "PORT">): string {
  return `${publicBaseUrl(env)}/scans/${encodeURIComponent(scanId)}`;
}
