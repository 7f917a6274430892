import type { APIRequestContext } from "@playwright/test";
import { SignJWT } from "jose";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { e2eEnv } from "../../playwright.config";

export const ANALYST = e2eEnv.adminEmail;
export const OTHER = "someone-else@apo.test";

export async function tokenFor(sub: string, opts: { alg?: "HS256" | "HS512"; ttl?: string; secret?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: opts.alg ?? "HS256" })
    .setSubject(sub)
    .setExpirationTime(opts.ttl ?? "1h")
    .sign(new TextEncoder().encode(opts.secret ?? e2eEnv.jwtSecret));
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Signs the analyst in through next-auth's credentials endpoint: the context then holds a session cookie. */
export async function signInSession(request: APIRequestContext, email = e2eEnv.adminEmail, password = e2eEnv.adminPassword): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });
  const { url } = (await res.json()) as { url?: string };
  if (!res.ok() || !url || new URL(url).searchParams.has("error")) throw new Error(`sign-in failed: ${res.status()} ${url}`);
}

export interface SseEvent {
  id: number;
  data: { timestamp: string; agent: string; level: string; msg: string; progress?: number; phase?: string };
  receivedAt: number;
}

/** Reads an SSE stream until DONE (or the timeout), the way a non-browser client would. */
export async function readStream(scanId: string, token: string, opts: { lastEventId?: number; timeoutMs?: number } = {}): Promise<{ events: SseEvent[]; headers: Headers }> {
  const headers: Record<string, string> = { ...auth(token), Accept: "text/event-stream" };
  if (opts.lastEventId !== undefined) headers["Last-Event-ID"] = String(opts.lastEventId);
  const abort = AbortSignal.timeout(opts.timeoutMs ?? 240_000);
  const res = await fetch(`${e2eEnv.appUrl}/api/stream/${scanId}`, { headers, signal: abort });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  const events: SseEvent[] = [];
  let done = false;
  const parser = createParser({
    onEvent(m: EventSourceMessage) {
      const data = JSON.parse(m.data) as SseEvent["data"];
      events.push({ id: Number(m.id), data, receivedAt: Date.now() });
      if (data.level === "DONE") done = true;
    },
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  while (!done) {
    const { value, done: end } = await reader.read();
    if (end) break;
    parser.feed(value);
  }
  await reader.cancel().catch(() => undefined);
  return { events, headers: res.headers };
}
