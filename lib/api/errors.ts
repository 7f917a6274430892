import "server-only";
import { ZodError } from "zod";
import type { ErrorCode } from "@/lib/schemas/api";
import { describeError, log } from "@/lib/log";

export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_error: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  target_not_allowed: 422,
  unresolvable_target: 422,
  too_early: 425,
  rate_limited: 429,
  too_many_active_scans: 429,
  too_many_monitors: 409,
  too_many_streams: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what = "Scan") => new ApiError("not_found", `${what} not found`);

/** "url: url is not a valid URL; crawl_depth: Too big…" – every issue names its field path. */
export function formatZodError(err: ZodError): string {
  return err.issues
    .map((i) => {
      const path = i.path.map(String).join(".");
      if (i.code === "unrecognized_keys") return `${path ? path + ": " : ""}unknown field(s) ${i.keys.join(", ")}`;
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}

export function errorResponse(code: ErrorCode, message: string, requestId: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message, request_id: requestId } }, { status: errorStatus[code], headers });
}

/** Known errors keep their message; anything else becomes a generic 500 naming the request id. */
export function handleApiError(err: unknown, requestId: string, context: Record<string, unknown> = {}): Response {
  if (err instanceof ApiError) return errorResponse(err.code, err.message, requestId, err.headers);
  if (err instanceof ZodError) return errorResponse("validation_error", formatZodError(err), requestId);
  log.error("unhandled error", { request_id: requestId, error: describeError(err), ...context });
  return errorResponse("internal_error", `Internal error (request id ${requestId})`, requestId);
}
