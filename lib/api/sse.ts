import "server-only";
import type { AgentEvent, StoredEvent } from "@/lib/schemas/agent-event";

const KEEP_ALIVE_MS = 10_000;

export const sseHeaders = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

/** `Last-Event-ID` header (EventSource reconnects) or `?last_event_id=` (first connection). */
export function lastEventIdOf(req: Request): number {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("last_event_id") ?? "0";
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * Streams events as SSE with `id:` lines and a keep-alive comment. Cleanup runs once, on whichever
 * comes first: the client going away (request.signal), the stream being cancelled, or the source
 * ending; `onClose` (a stream slot's release) runs with it.
 */
export function sseResponse(
  req: Request,
  source: (signal: AbortSignal) => AsyncGenerator<StoredEvent>,
  options: { onClose?: () => void } = {},
): Response {
  const stop = new AbortController();
  const encoder = new TextEncoder();
  let keepAlive: NodeJS.Timeout | undefined;
  let closed = false;
  const cleanup = () => {
    clearInterval(keepAlive);
    stop.abort();
    if (closed) return;
    closed = true;
    req.signal.removeEventListener("abort", cleanup);
    options.onClose?.();
  };
  req.signal.addEventListener("abort", cleanup, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      send("retry: 3000\n\n");
      keepAlive = setInterval(() => send(": keep-alive\n\n"), KEEP_ALIVE_MS);
      try {
        for await (const event of source(stop.signal)) {
          send(`id: ${event.id}\nevent: message\ndata: ${JSON.stringify(event)}\n\n`);
        }
      } catch {
        const failed: AgentEvent = { agent: "system", level: "ERROR", msg: "stream failed", timestamp: new Date().toISOString() };
        send(`event: error\ndata: ${JSON.stringify(failed)}\n\n`);
      } finally {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by a cancelled client.
        }
      }
    },
    cancel() {
      cleanup();
    },
  });
  // A client gone before the stream existed never fires "abort".
  if (req.signal.aborted) cleanup();
  return new Response(stream, { headers: sseHeaders });
}
