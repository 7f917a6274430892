import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { PinningResolveGuard } from "@/agents/safety";
import { signWebhook } from "./webhook-signature";

// One HTTP attempt of one delivery. node:http rather than fetch, for two things fetch cannot do:
// pin the connection to the addresses the SSRF guard vetted (a `lookup` that answers with them,
// so a DNS answer that changes between check and connect reaches nothing new), and refuse to
// follow redirects (a 3xx could point anywhere, including inside our network).

export const USER_AGENT = "APO-Webhooks/1";

export interface WebhookRequest {
  url: string;
  eventType: string;
  deliveryId: string;
  /** The stored payload, sent byte for byte (the signature covers exactly these bytes). */
  body: string;
  secret: string;
  timeoutMs: number;
  guard: PinningResolveGuard;
  nowSeconds?: number;
}

export interface WebhookAttemptResult {
  delivered: boolean;
  /** The receiver's status; null when it never answered. Its body is never read. */
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** A `lookup` that answers only with the vetted addresses, whatever DNS says now. */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    const wanted = typeof options === "object" && options.family ? entries.filter((e) => e.family === options.family) : entries;
    if (wanted.length === 0) {
      callback(Object.assign(new Error("no vetted address of the requested family"), { code: "ENOTFOUND" }), "", 0);
    } else if (typeof options === "object" && options.all) {
      (callback as unknown as (err: null, addresses: typeof wanted) => void)(null, wanted);
    } else {
      callback(null, wanted[0]!.address, wanted[0]!.family);
    }
  };
}

function describeFailure(error: NodeJS.ErrnoException): string {
  return error.code ? `connection failed (${error.code})` : `request failed (${error.message.split("\n")[0]})`;
}

export async function sendWebhook(request: WebhookRequest): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const result = (responseStatus: number | null, error: string | null): WebhookAttemptResult => ({
    delivered: responseStatus !== null && responseStatus >= 200 && responseStatus < 300,
    responseStatus,
    error,
    durationMs: Math.round(performance.now() - started),
  });

  let target: URL;
  try {
    target = new URL(request.url);
  } catch {
    return result(null, "invalid webhook URL");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return result(null, "webhook URL is not http(s)");

  // URL hostnames keep IPv6 literals in brackets; the guard and the socket want them bare.
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const resolution = await request.guard.resolveHost(target.hostname);
  if (!resolution.allowed) {
    return result(null, resolution.unresolved ? `host did not resolve (${resolution.reason})` : `address not allowed (${resolution.reason})`);
  }

  const timestamp = request.nowSeconds ?? Math.floor(Date.now() / 1000);
  const body = Buffer.from(request.body, "utf8");
  const headers = {
    "Content-Type": "application/json",
    "Content-Length": String(body.length),
    "User-Agent": USER_AGENT,
    "X-APO-Event": request.eventType,
    "X-APO-Delivery": request.deliveryId,
    "X-APO-Timestamp": String(timestamp),
    "X-APO-Signature": signWebhook(request.secret, timestamp, body),
  };
  const client = target.protocol === "https:" ? https : http;

  return new Promise<WebhookAttemptResult>((resolve) => {
    let settled = false;
    const settle = (value: WebhookAttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const req = client.request(
      {
        protocol: target.protocol,
        hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers,
        // No pooled socket: every attempt connects afresh to an address vetted for it.
        agent: false,
        lookup: pinnedLookup(resolution.addresses),
        // TLS still checks the certificate against the name, not the pinned address.
        servername: isIP(hostname) ? undefined : hostname,
      },
      (res) => {
        const status = res.statusCode ?? null;
        // Only the status matters: the body is neither read nor kept (it may carry anything).
        res.destroy();
        if (status !== null && status >= 300 && status < 400) settle(result(status, `redirect (${status}) not followed`));
        else settle(result(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status ?? "?"}`));
      },
    );
    const timer = setTimeout(() => {
      settle(result(null, `timeout (no answer in ${Math.round(request.timeoutMs / 100) / 10} s)`));
      req.destroy();
    }, request.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => settle(result(null, describeFailure(error))));
    req.end(body);
  });
}
