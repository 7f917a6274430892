import { redactSecrets } from "../redact";

type LogFn = (message: string, ...rest: unknown[]) => void;

/**
 * SDK log lines go through here so a debug level set by someone can never print a key. Extra
 * arguments (request and response details) are dropped: they may hold headers.
 */
export function createSdkLogger(secrets: readonly string[]): { error: LogFn; warn: LogFn; info: LogFn; debug: LogFn } {
  const forward = (message: string) => console.warn(`[llm] ${redactSecrets(String(message), secrets)}`);
  return { error: forward, warn: forward, info: () => {}, debug: () => {} };
}
