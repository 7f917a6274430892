import type { Page, WebSocket } from "playwright-core";
import type { WebSocketRecord } from "@/agents/evidence/schema";

// Caps keep a chatty socket (a live chat, a replay stream) from bloating the evidence.
export const MAX_SOCKETS = 20;
export const MAX_FRAMES_PER_SOCKET = 40;
export const FRAME_SAMPLE_CHARS = 4 * 1024;

/**
 * The frames a page sends on its WebSockets (Playwright's framesent), kept as text samples:
 * chat widgets and replay scripts send personal data this way, out of sight of request logs.
 */
export class WebSocketRecorder {
  private readonly records: WebSocketRecord[] = [];
  private seq = 0;

  constructor(private readonly consentAt: () => number | null) {}

  watch(page: Page): void {
    page.on("websocket", (socket) => this.onSocket(page, socket));
  }

  private onSocket(page: Page, socket: WebSocket): void {
    if (this.records.length >= MAX_SOCKETS) return;
    const consent = this.consentAt();
    const record: WebSocketRecord = {
      id: `ws${++this.seq}`,
      url: socket.url(),
      page_url: page.url(),
      t_since_consent_ms: consent === null ? null : Date.now() - consent,
      frames_sent: [],
      frames_sent_total: 0,
      truncated: false,
    };
    this.records.push(record);
    socket.on("framesent", ({ payload }) => {
      record.frames_sent_total += 1;
      if (record.frames_sent.length >= MAX_FRAMES_PER_SOCKET) {
        record.truncated = true;
        return;
      }
      const text = typeof payload === "string" ? payload : payload.toString("utf8");
      if (text.length > FRAME_SAMPLE_CHARS) record.truncated = true;
      record.frames_sent.push(text.slice(0, FRAME_SAMPLE_CHARS));
    });
  }

  sockets(): WebSocketRecord[] {
    return this.records;
  }
}
