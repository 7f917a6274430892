import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// A webhook endpoint on loopback for tests that check what APO delivers: it keeps every request's
// headers and raw body (the signature covers the raw bytes) and answers each with a fixed reply.
// Plain node:http, nothing of APO's, so the e2e specs can use it too.

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port><path> */
  url: string;
  /** In arrival order; empty it with `received.length = 0`. */
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  path: string,
  reply: { status: number; headers?: Record<string, string>; body?: string } = { status: 204 },
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
