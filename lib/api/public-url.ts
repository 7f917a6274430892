import "server-only";
import type { NextRequest } from "next/server";

/**
 * An absolute URL for a path, at the address the client reached us by. Next's req.nextUrl
 * carries the server's bind address (localhost:8000 inside the container), which is useless to
 * a client behind the load balancer; the Host header (kept by the ALB) and X-Forwarded-Proto
 * are what the client used. The link only ever goes back to the same caller.
 */
export function publicUrl(req: NextRequest, path: string): string {
  const first = (name: string) => req.headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host");
  const proto = first("x-forwarded-proto") ?? req.nextUrl.protocol.replace(/:$/, "");
  const origin = host && /^[\w.-]+(?::\d+)?$|^\[[\d:a-f.]+\](?::\d+)?$/i.test(host) && /^https?$/.test(proto) ? `${proto}://${host}` : req.nextUrl.origin;
  return new URL(path, origin).toString();
}
