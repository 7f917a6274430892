/** Reads `isGpcEnabled` from a OneTrust OptanonConsent cookie (URL-encoded query string). */
export function optanonGpcEnabled(value: string | null | undefined): boolean | null {
  if (!value) return null;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // keep the raw value
  }
  const match = /(?:^|&)isGpcEnabled=([01])(?:&|$)/.exec(decoded);
  if (!match) return null;
  return match[1] === "1";
}

/** OneTrust `groups=` entries, e.g. {C0001: true, C0004: false}. */
export function optanonGroups(value: string | null | undefined): Record<string, boolean> {
  if (!value) return {};
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // keep raw
  }
  const match = /(?:^|&)groups=([^&]*)/.exec(decoded);
  const groups: Record<string, boolean> = {};
  for (const part of match?.[1]?.split(",") ?? []) {
    const [id, flag] = part.split(":");
    if (id) groups[id] = flag === "1";
  }
  return groups;
}
