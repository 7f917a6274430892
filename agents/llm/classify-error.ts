import * as AnthropicSdk from "@anthropic-ai/sdk";
import * as OpenAISdk from "openai";

export type FailureKind =
  | "key_rejected"
  | "forbidden"
  | "model_unavailable"
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "connection"
  | "bad_request"
  | "aborted"
  | "invalid_output"
  | "refused"
  | "other";

export interface Failure {
  kind: FailureKind;
  status?: number;
  /** Human text for the console. Built from status and API error text; the caller redacts it. */
  detail: string;
}

function apiMessage(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const body = (error as { error?: unknown }).error;
  if (typeof body !== "object" || body === null) return null;
  const inner = (body as { error?: { message?: unknown }; message?: unknown }).error?.message ?? (body as { message?: unknown }).message;
  return typeof inner === "string" ? inner.slice(0, 200) : null;
}

function fromStatus(status: number, message: string | null): Failure {
  const suffix = message ? `: ${message}` : "";
  if (status === 401) return { kind: "key_rejected", status, detail: "HTTP 401 (key rejected)" };
  if (status === 403) return { kind: "forbidden", status, detail: `HTTP 403 (access denied)${suffix}` };
  if (status === 404) return { kind: "model_unavailable", status, detail: `HTTP 404 (model not available)${suffix}` };
  if (status === 429) return { kind: "rate_limited", status, detail: "HTTP 429 (rate limited) after retries" };
  if (status >= 500) return { kind: "server_error", status, detail: `HTTP ${status} (server error) after retries` };
  return { kind: "bad_request", status, detail: `HTTP ${status}${suffix}` };
}

/** Maps either SDK's error to what the scan needs to know. Never reads request headers. */
export function classifyError(error: unknown): Failure {
  if (error instanceof AnthropicSdk.APIUserAbortError || error instanceof OpenAISdk.APIUserAbortError) {
    return { kind: "aborted", detail: "request aborted" };
  }
  if (error instanceof AnthropicSdk.APIConnectionTimeoutError || error instanceof OpenAISdk.APIConnectionTimeoutError) {
    return { kind: "timeout", detail: "timed out after retries" };
  }
  if (error instanceof AnthropicSdk.APIConnectionError || error instanceof OpenAISdk.APIConnectionError) {
    return { kind: "connection", detail: "connection failed after retries" };
  }
  if (error instanceof AnthropicSdk.APIError || error instanceof OpenAISdk.APIError) {
    if (typeof error.status === "number") return fromStatus(error.status, apiMessage(error));
  }
  if (error instanceof Error && error.name === "AbortError") return { kind: "aborted", detail: "request aborted" };
  return { kind: "other", detail: error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : "unknown error" };
}
