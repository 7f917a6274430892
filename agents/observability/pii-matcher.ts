/**
 * Where a typed canary travels in one outgoing message: which part of the URL, body, header,
 * cookie or WebSocket frame, under which key (`ud[em]`, `events[0].user.email`, `X-User-Email`),
 * in which form (clear, encoded, hashed). Pure: no browser, no I/O.
 */
import type { Canary } from "@/agents/evidence/schema";
import { canaryVariants, findVariant, type CanaryVariant } from "./pii-variants";

export type PiiLocation = "url-query" | "url-path" | "url-fragment" | "body-json" | "body-form" | "body" | "header" | "cookie" | "websocket-frame";

export interface OutgoingMessage {
  url: string;
  body?: string | null;
  headers?: Record<string, string>;
  /** Frames a page sent on a WebSocket. */
  frames?: string[];
}

export interface PiiMatch {
  location: PiiLocation;
  /** The parameter, JSON path, header or cookie name that carried it; null when only the raw text did. */
  key: string | null;
  variant: CanaryVariant;
}

export interface PreparedCanary {
  canary: Canary;
  variants: CanaryVariant[];
}

export function prepareCanaries(canaries: Canary[]): PreparedCanary[] {
  return canaries.map((canary) => ({ canary, variants: canaryVariants(canary.value, canary.kind) }));
}

/** Percent-decoding run by run, so one malformed escape does not hide the rest. */
function safeDecode(value: string): string {
  return value.replace(/\+/g, " ").replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** A value's text and its decoded text: a match in either counts. */
function matchText(text: string, variants: CanaryVariant[]): CanaryVariant | null {
  const hit = findVariant(text, variants);
  if (hit) return hit;
  const decoded = safeDecode(text);
  return decoded === text ? null : findVariant(decoded, variants);
}

function parseJson(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

type Leaf = { key: string | null; value: string };

/** Every scalar of a JSON value with its path; strings that are JSON themselves are walked too. */
function jsonLeaves(value: unknown, path: string, out: Leaf[], depth = 0): void {
  if (depth > 12 || out.length > 2_000) return;
  if (Array.isArray(value)) value.forEach((v, i) => jsonLeaves(v, `${path}[${i}]`, out, depth + 1));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) jsonLeaves(v, path ? `${path}.${k}` : k, out, depth + 1);
  } else if (typeof value === "string") {
    const nested = parseJson(value);
    if (nested !== undefined) jsonLeaves(nested, path, out, depth + 1);
    else out.push({ key: path || null, value });
  } else if (typeof value === "number" || typeof value === "boolean") out.push({ key: path || null, value: String(value) });
}

/** Parameters of a query string or form body, each value also walked as JSON when it is JSON. */
function paramLeaves(query: string): Leaf[] {
  const out: Leaf[] = [];
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    const nested = parseJson(safeDecode(raw));
    if (nested !== undefined) jsonLeaves(nested, key, out);
    out.push({ key, value: raw });
  }
  return out;
}

const looksLikeForm = (body: string) => /^[^\s=&{[]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(body.trim());

function firstMatch(leaves: Leaf[], location: PiiLocation, variants: CanaryVariant[]): PiiMatch | null {
  for (const leaf of leaves) {
    const variant = matchText(leaf.value, variants);
    if (variant) return { location, key: leaf.key, variant };
  }
  return null;
}

/** JSON, form or raw text: the structured reading first, so the key is known. */
function matchPayload(text: string, jsonLocation: PiiLocation, rawLocation: PiiLocation, variants: CanaryVariant[]): PiiMatch | null {
  const json = parseJson(text);
  if (json !== undefined) {
    const leaves: Leaf[] = [];
    jsonLeaves(json, "", leaves);
    const hit = firstMatch(leaves, jsonLocation, variants);
    if (hit) return hit;
  } else if (looksLikeForm(text)) {
    const hit = firstMatch(paramLeaves(text.trim()), rawLocation === "body" ? "body-form" : rawLocation, variants);
    if (hit) return hit;
  } else {
    // Newline-delimited JSON (batched events): each line on its own.
    for (const line of text.split("\n")) {
      const lineJson = parseJson(line);
      if (lineJson === undefined) continue;
      const leaves: Leaf[] = [];
      jsonLeaves(lineJson, "", leaves);
      const hit = firstMatch(leaves, jsonLocation, variants);
      if (hit) return hit;
    }
  }
  const variant = matchText(text, variants);
  return variant ? { location: rawLocation, key: null, variant } : null;
}

function matchUrl(url: string, variants: CanaryVariant[]): PiiMatch | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const variant = matchText(url, variants);
    return variant ? { location: "url-query", key: null, variant } : null;
  }
  const query = firstMatch(paramLeaves(parsed.search.slice(1)), "url-query", variants);
  if (query) return query;
  const segments = parsed.pathname.split("/").filter(Boolean).map((s, i) => ({ key: `path[${i}]`, value: s }));
  const path = firstMatch(segments, "url-path", variants);
  if (path) return path;
  const fragment = parsed.hash.slice(1);
  if (fragment) {
    const hit = fragment.includes("=") ? firstMatch(paramLeaves(fragment), "url-fragment", variants) : null;
    if (hit) return hit;
    const variant = matchText(fragment, variants);
    if (variant) return { location: "url-fragment", key: null, variant };
  }
  return null;
}

function matchHeaders(headers: Record<string, string>, variants: CanaryVariant[]): PiiMatch | null {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "cookie") {
      const cookies = value.split(";").map((c) => {
        const eq = c.indexOf("=");
        return { key: (eq < 0 ? c : c.slice(0, eq)).trim(), value: eq < 0 ? "" : c.slice(eq + 1).trim() };
      });
      for (const cookie of cookies) {
        const hit = matchPayload(safeDecode(cookie.value), "cookie", "cookie", variants);
        if (hit) return { ...hit, location: "cookie", key: hit.key ? `${cookie.key}.${hit.key}` : cookie.key };
      }
      continue;
    }
    const hit = matchPayload(value, "header", "header", variants);
    if (hit) return { ...hit, location: "header", key: hit.key ? `${name}.${hit.key}` : name };
  }
  return null;
}

/** The whole message as one text (and lower-cased), for a quick search before the structured one. */
interface MessageText {
  text: string;
  lower: string;
  /** JSON escapes (\u0040) can hide a value from a plain search: such messages always get the full reading. */
  escaped: boolean;
}

function messageText(message: OutgoingMessage): MessageText {
  const all = [message.url, message.body ?? "", ...Object.entries(message.headers ?? {}).flat(), ...(message.frames ?? [])].join("\n");
  const text = `${all}\n${safeDecode(all)}`;
  return { text, lower: text.toLowerCase(), escaped: all.includes("\\") };
}

function mayCarry(whole: MessageText, variants: CanaryVariant[]): boolean {
  return whole.escaped || variants.some((v) => (v.caseInsensitive ? whole.lower.includes(v.value.toLowerCase()) : whole.text.includes(v.value)));
}

/** Every place in the message that carries the canary (at most one per location kind). */
export function matchCanary(message: OutgoingMessage, prepared: PreparedCanary, whole: MessageText = messageText(message)): PiiMatch[] {
  const { variants } = prepared;
  // Most messages carry nothing: one search of the whole text first, the structured reading after.
  if (!mayCarry(whole, variants)) return [];
  const hits: PiiMatch[] = [];
  const url = matchUrl(message.url, variants);
  if (url) hits.push(url);
  if (message.body) {
    const body = matchPayload(message.body, "body-json", "body", variants);
    if (body) hits.push(body);
  }
  if (message.headers) {
    const header = matchHeaders(message.headers, variants);
    if (header) hits.push(header);
  }
  for (const frame of message.frames ?? []) {
    const hit = matchPayload(frame, "websocket-frame", "websocket-frame", variants);
    if (hit) {
      hits.push({ ...hit, location: "websocket-frame" });
      break;
    }
  }
  return hits;
}

/** All canaries' matches in one message. */
export function matchMessage(message: OutgoingMessage, canaries: PreparedCanary[]): Array<PiiMatch & { canary: Canary }> {
  const whole = messageText(message);
  return canaries.flatMap((p) => matchCanary(message, p, whole).map((m) => ({ ...m, canary: p.canary })));
}
