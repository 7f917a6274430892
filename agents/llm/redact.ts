// Keys arrive with a scan request and must never leave this module in any string: SDK errors can
// carry response bodies that echo a key back ("Incorrect API key provided: sk-…").
const KEY_SHAPES = [/sk-ant-[A-Za-z0-9_-]{6,}/g, /sk-(proj-)?[A-Za-z0-9_-]{16,}/g];

/** Replaces every occurrence of the given secrets, and anything shaped like an API key, with [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, "[redacted]");
  return out;
}
