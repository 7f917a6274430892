import { firstLine } from "@/agents/error-text";
import { getEnv } from "@/lib/env";

// Structured JSON logs, one object per line. Field names that can carry secrets are redacted
// whatever their value, so a key can never reach the log by being passed as a field; and a URL
// anywhere in a line loses the values of its token parameters (?token=, ?stream_token=, …), so a
// credential a client put in a query string never reaches the log either.
type Level = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /key|token|password|secret|authorization|cookie/i;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELD.test(k) ? "[redacted]" : v;
  return out;
}

// A parameter whose name ends in "token" (token, stream_token, access_token, id_token …) after
// `?`, `&` or `;`, or at the start of a string: its value, up to the next separator, goes. The
// same inside a percent-encoded URL (a callbackUrl=%2Fapi%2Fstream%2Fx%3Ftoken%3D… parameter).
const URL_TOKEN = /(^|[?&;"\s])([\w.-]*token)=[^&#;"\s\\]*/gi;
const ENCODED_URL_TOKEN = /(%3F|%26|%3B)([\w.-]*token)%3D(?:[^&#;"\s\\%]|%(?!26|23|3B)[0-9A-F]{2})*/gi;

/** `/api/stream/x?token=eyJ…&last_event_id=3` → `/api/stream/x?token=[redacted]&last_event_id=3`. */
export function redactUrlTokens(text: string): string {
  return text.replace(URL_TOKEN, "$1$2=[redacted]").replace(ENCODED_URL_TOKEN, "$1$2%3D[redacted]");
}

function write(level: Level, msg: string, fields: LogFields = {}): void {
  let min: Level = "info";
  try {
    min = getEnv().APO_LOG_LEVEL;
  } catch {
    // A broken environment is reported elsewhere; logging must keep working.
  }
  if (order[level] < order[min]) return;
  const line = redactUrlTokens(JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact(fields) }));
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => write("error", msg, fields),
};

/** Only the name and first line of an unexpected error: stacks can carry request data. */
export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${firstLine(err, "")}` : firstLine(err, "unknown");
}
