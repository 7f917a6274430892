"use client";

import { useEffect, useRef, useState } from "react";
import type { AgentEvent } from "@/lib/schemas/agent-event";
import { mergeEvents, type LogLine } from "@/lib/ui/event-log";
import { parseStreamEvent, streamUrl } from "@/lib/ui/scan-api";

export type StreamState = "connecting" | "live" | "reconnecting" | "closed";

/**
 * Follows GET /api/stream/{id}. EventSource resends Last-Event-ID on its own reconnects; when it
 * gives up (readyState CLOSED, e.g. a 502 from a proxy) we open a new one after a back-off, and
 * the server replays from the start. Either way lines are de-duplicated by id, so nothing is
 * lost or shown twice. Lines are flushed once per animation frame: a busy crawl can log hundreds
 * of lines a second.
 */
export function useScanStream(scanId: string, onDone: (e: AgentEvent) => void) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<StreamState>("connecting");
  const [reconnects, setReconnects] = useState(0);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  }, [onDone]);

  useEffect(() => {
    const seen = new Set<string>();
    let pending: AgentEvent[] = [];
    let frame = 0;
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let attempt = 0;
    let finished = false;

    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      setLines((prev) => mergeEvents(prev, batch, seen));
    };

    const open = () => {
      source = new EventSource(streamUrl(scanId));
      source.onopen = () => {
        attempt = 0;
        setState("live");
      };
      source.onmessage = (msg: MessageEvent<string>) => {
        const event = parseStreamEvent(msg.data, msg.lastEventId);
        if (!event) return;
        pending.push(event);
        frame ||= window.requestAnimationFrame(flush);
        if (event.agent === "system" && event.level === "DONE") {
          finished = true;
          source?.close();
          setState("closed");
          onDoneRef.current(event);
        }
      };
      source.onerror = () => {
        if (finished) return;
        if (source?.readyState === EventSource.CLOSED) {
          attempt += 1;
          setState("reconnecting");
          setReconnects((n) => n + 1);
          retryTimer = window.setTimeout(open, Math.min(15_000, 1000 * 2 ** Math.min(attempt, 4)));
        } else {
          // The browser is already retrying with Last-Event-ID.
          setState("reconnecting");
          setReconnects((n) => n + 1);
        }
      };
    };

    open();
    return () => {
      finished = true;
      source?.close();
      window.clearTimeout(retryTimer);
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [scanId]);

  return { lines, state, reconnects };
}
