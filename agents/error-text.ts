/**
 * The first line of an error's message, for events, evidence and scan errors: Playwright's
 * messages go on with call logs that would flood the console and say nothing to an analyst.
 * Anything thrown counts, not only Errors.
 */
export function firstLine(error: unknown, fallback = "unknown error"): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || fallback;
}
