import { AgentEventSchema, type AgentEvent } from "@/lib/schemas/agent-event";
import { EvidenceReportSchema } from "@/lib/schemas/report";
import type { ScanResult } from "./scan-result";
import { SseParser } from "./sse";

/** A refusal or failure of the server's API, already worded for a person; never carries the token. */
export class RemoteError extends Error {}

export interface RemoteScanOptions {
  server: string;
  token: string;
  signal: AbortSignal;
  onEvent: (event: AgentEvent) => void;
  /** Reconnections of the event stream in a row without a new event before giving up. */
  maxReconnects?: number;
  /** Upper bound of the wait between reconnections (the server's `retry:` is honoured up to it). */
  maxRetryMs?: number;
}

const USER_AGENT = "apo-cli";

/**
 * Runs a scan on an APO server: POST /api/scan, the agent log from GET /api/stream/{id} (SSE,
 * resumed with Last-Event-ID after a dropped connection) until DONE, then GET /api/results/{id}.
 */
export async function runRemoteScan(requestInput: Record<string, unknown>, options: RemoteScanOptions): Promise<ScanResult> {
  const client = new ApiClient(options.server, options.token, options.signal);
  const created = (await (await client.request("/api/scan", { method: "POST", body: JSON.stringify(requestInput), headers: { "Content-Type": "application/json" } })).json()) as { scan_id?: unknown };
  if (typeof created.scan_id !== "string") throw new RemoteError("the server's answer to POST /api/scan has no scan_id");
  const scanId = created.scan_id;
  await followStream(client, scanId, options);
  return fetchResult(client, scanId, options);
}

class ApiClient {
  constructor(
    readonly server: string,
    private readonly token: string,
    private readonly signal: AbortSignal,
  ) {}

  /** The response when it is 2xx (or one of `allow`); otherwise a RemoteError with the API's own message. */
  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}, allow: readonly number[] = []): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.server}${path}`, { ...init, signal: this.signal, headers: { Accept: "application/json", "User-Agent": USER_AGENT, ...init.headers, Authorization: `Bearer ${this.token}` } });
    } catch (error) {
      throw new RemoteError(this.scrub(`cannot reach ${this.server}: ${causeOf(error)}`));
    }
    if (res.ok || allow.includes(res.status)) return res;
    throw new RemoteError(this.scrub(`${init.method ?? "GET"} ${path}: ${await apiErrorText(res)}`));
  }

  /** The server should never echo a token; this makes sure nothing the CLI prints does either. */
  scrub(text: string): string {
    return this.token ? text.split(this.token).join("***") : text;
  }
}

async function apiErrorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return `${res.status} ${body.error.code ?? "error"}: ${body.error.message}`;
  } catch {
    // Not the API's error envelope (a proxy's page): the status is what we know.
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return String(error);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

async function followStream(client: ApiClient, scanId: string, options: RemoteScanOptions): Promise<void> {
  const maxReconnects = options.maxReconnects ?? 10;
  const maxRetryMs = options.maxRetryMs ?? 3_000;
  let lastEventId: string | undefined;
  let failures = 0;
  let retryMs = 1_000;
  for (;;) {
    let done = false;
    let progressed = false;
    const parser = new SseParser((message) => {
      if (message.id !== undefined) lastEventId = message.id;
      if (message.event !== "message") return;
      const event = AgentEventSchema.safeParse(JSON.parse(message.data));
      if (!event.success) return;
      progressed = true;
      options.onEvent(event.data);
      if (event.data.level === "DONE") done = true;
    });
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const res = await client.request(`/api/stream/${encodeURIComponent(scanId)}`, { headers }, [502, 503, 504]);
      if (res.ok && res.body) {
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (done) break;
        }
      }
    } catch (error) {
      // A refusal (401, 404, 429 …) is final; a connection dropped mid-stream is resumed below.
      if (error instanceof RemoteError) throw error;
    }
    if (done || options.signal.aborted) return;
    failures = progressed ? 0 : failures + 1;
    if (failures > maxReconnects) throw new RemoteError(`the event stream of scan ${scanId} dropped ${failures} times in a row`);
    retryMs = Math.min(parser.retryMs ?? retryMs, maxRetryMs);
    await sleep(retryMs, options.signal);
  }
}

async function fetchResult(client: ApiClient, scanId: string, options: RemoteScanOptions): Promise<ScanResult> {
  const path = `/api/results/${encodeURIComponent(scanId)}`;
  for (let attempt = 0; ; attempt += 1) {
    const res = await client.request(path, {}, [409, 425]);
    if (res.status === 425 && attempt < 30 && !options.signal.aborted) {
      // DONE is written after the row, so this is rare; a few short waits cover it.
      await sleep(1_000, options.signal);
      continue;
    }
    if (!res.ok) return { completed: false, error: client.scrub(await apiErrorText(res)), report: null };
    const report = EvidenceReportSchema.parse(await res.json());
    return { completed: true, report, scanId, reportUrl: `${client.server}/scans/${encodeURIComponent(scanId)}` };
  }
}
