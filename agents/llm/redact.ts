// Keys arrive with a scan request and must never leave in any string: SDK errors can carry
// response bodies that echo a key back ("Incorrect API key provided: sk-…"). The one scrubber for
// the engine, its process and the service.
const KEY_SHAPES = [/sk-ant-[A-Za-z0-9_-]{6,}/g, /sk-(proj-)?[A-Za-z0-9_-]{16,}/g];

/** Shorter values are left alone: replacing every "abc" in a message would only garble it. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of the given secrets, and anything shaped like an API key, with [redacted]. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join("[redacted]");
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, "[redacted]");
  return out;
}

/** A scrubber bound to one scan's secrets. */
export function secretScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const kept = secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH);
  return (text) => redactSecrets(text, kept);
}
