import "server-only";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 32 * 1024;

/** Reads a JSON body with a hard size cap, counting bytes as they arrive (Content-Length can lie). */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new ApiError("payload_too_large", `Request body exceeds ${limit} bytes`);
  // Lenient on Content-Type (curl -d sends form-urlencoded) as long as the body is JSON; forms are not.
  if (/^multipart\//i.test(request.headers.get("content-type") ?? "")) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json");
  }
  if (!request.body) return {};
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError("payload_too_large", `Request body exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_json", "Request body is not valid JSON");
  }
}
