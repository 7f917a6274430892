import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { authenticate } from "@/lib/auth/authenticate";
import type { Principal } from "@/lib/auth/principal";
import { log } from "@/lib/log";
import { handleApiError } from "./errors";

interface RouteContext<P> {
  params: Promise<P>;
}

export interface HandlerArgs<P> {
  req: NextRequest;
  params: P;
  requestId: string;
}

function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
}

function finish(res: Response, requestId: string): Response {
  try {
    res.headers.set("X-Request-Id", requestId);
  } catch {
    // Immutable headers (e.g. a redirect): the id is in the logs either way.
  }
  return res;
}

/** Error envelope and request id for every handler, authenticated or not. */
export function withErrors<P = Record<string, never>>(handler: (args: HandlerArgs<P>) => Promise<Response>) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdOf(req);
    try {
      return finish(await handler({ req, params: await ctx.params, requestId }), requestId);
    } catch (err) {
      return finish(handleApiError(err, requestId, { method: req.method, path: req.nextUrl.pathname }), requestId);
    }
  };
}

/**
 * Bearer token or session cookie → Principal; 401 otherwise. Writes are logged with who did them.
 * A route with another way in (the stream's signed link) passes its own authenticator.
 */
export function withAuth<P = Record<string, never>>(
  handler: (args: HandlerArgs<P> & { principal: Principal }) => Promise<Response>,
  opts: { authenticate?: (req: NextRequest, params: P) => Promise<Principal> } = {},
) {
  return withErrors<P>(async (args) => {
    const principal = await (opts.authenticate ? opts.authenticate(args.req, args.params) : authenticate(args.req));
    if (args.req.method !== "GET") {
      log.info("request", { request_id: args.requestId, method: args.req.method, path: args.req.nextUrl.pathname, principal: principal.id, via: principal.via });
    }
    return handler({ ...args, principal });
  });
}
