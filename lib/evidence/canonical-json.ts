/**
 * The one serialisation that is signed and hashed: object keys sorted by code unit, no whitespace,
 * JSON.stringify's escaping for strings and numbers (RFC 8785 produces the same bytes for the
 * integers, strings and plain decimals manifests hold). Properties set to undefined are left out,
 * as JSON.parse never returns them; values JSON cannot carry (NaN, Infinity, bigint, functions, an
 * undefined array item) throw instead of being silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}
