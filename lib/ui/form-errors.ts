import type { z } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

/** First message per field path ("annual_turnover.amount" stays dotted), for showing beside the field. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const err = (value as { error: unknown }).error;
  return typeof err === "object" && err !== null && "message" in err && typeof (err as { message: unknown }).message === "string";
}

/**
 * The API names the offending field at the start of its 400 message ("url: must use http"), so
 * a server-side rejection can still land next to the right input.
 */
export function fieldErrorFromApiMessage(message: string, knownFields: readonly string[]): FieldErrors {
  const byLength = [...knownFields].sort((a, b) => b.length - a.length);
  for (const field of byLength) {
    const re = new RegExp(`(^|[\\s"'\`(])${field.replace(/\./g, "\\.")}\\b`);
    if (re.test(message)) return { [field]: message };
  }
  return { form: message };
}
