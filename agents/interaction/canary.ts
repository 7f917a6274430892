import { randomBytes } from "node:crypto";
import type { PiiKind } from "@/agents/evidence/schema";

/**
 * Canary values: unique per scan and session, typed into personal-data fields (never submitted)
 * and later searched for in every outgoing request. Each value embeds the token so a hit in
 * traffic can only come from our typing.
 */
export function makeCanaryToken(bytes = 5): string {
  // base36 lowercase so the token survives case-folding and URL encoding unchanged
  return BigInt(`0x${randomBytes(bytes).toString("hex")}`).toString(36).padStart(8, "0");
}

function digitsFrom(token: string, count: number): string {
  let digits = "";
  for (const ch of token) digits += (parseInt(ch, 36) % 10).toString();
  while (digits.length < count) digits += digits;
  return digits.slice(0, count);
}

/** Luhn check digit, so payment fields that validate the number accept the canary. */
function luhnComplete(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return partial + ((10 - (sum % 10)) % 10).toString();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Which part of a name, address or phone a field asks for: forms split them (first/last name,
 * street/city/postcode) and a `tel` field or one with a country hint expects a national number.
 */
export type CanaryPart = "given_name" | "family_name" | "street" | "city" | "postcode" | "national";

/** The canary for a field kind (and part). Letters-only where sites validate names. */
export function canaryValue(kind: PiiKind, token: string, part: CanaryPart | null = null): string {
  const letters = token.replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)] ?? "x");
  switch (part) {
    case "given_name":
      return `Apo${capitalise(letters)}`;
    case "family_name":
      return `Canary${capitalise(letters)}`;
    case "street":
      return `${Number(digitsFrom(token, 3)) + 1} Canary${capitalise(letters)} Street`;
    case "city":
      return `Canary${capitalise(letters)}ville`;
    case "postcode":
      // Five digits pass US/DE/FR validators; alone they prove nothing, so only hashes of it count.
      return `9${digitsFrom(token, 4)}`;
    case "national": {
      const d = digitsFrom(token, 7);
      return `(555) ${d.slice(0, 3)}-${d.slice(3)}`;
    }
    default:
      break;
  }
  switch (kind) {
    case "email":
      return `apo.canary.${token}@example.org`;
    case "phone":
      return `+1555${digitsFrom(token, 7)}`;
    case "name":
      return `Apo Canary${capitalise(letters)}`;
    case "address":
      return `${Number(digitsFrom(token, 3)) + 1} Canary${capitalise(letters)} Street`;
    case "password":
      return `ApoCanary-${token}!`;
    case "payment":
      return luhnComplete(`4000${digitsFrom(token, 11)}`);
    case "government_id":
      return `9${digitsFrom(token, 8)}`;
    case "birthdate":
      return "1987-06-15";
    default:
      return `apocanary${token}`;
  }
}

/** Field kinds worth typing into: birthdate is not unique enough to prove a leak, so it is skipped. */
export const TYPEABLE_KINDS: ReadonlySet<PiiKind> = new Set(["email", "phone", "name", "address", "password", "payment", "government_id"]);

export interface CanaryFieldHints {
  name: string;
  id?: string | null;
  type: string;
  autocomplete: string | null;
  label: string | null;
  placeholder?: string | null;
  /** The form also asks for a country (a select or field named so): phone numbers are then national. */
  countryHint?: boolean;
}

/**
 * The part of a name, address or phone field, from its autocomplete token first, then its name,
 * id, label and placeholder; null for a whole value (full name, E.164 phone); "skip" for fields a
 * canary would not fit (country, state: a made-up value fails validation and proves nothing).
 */
export function canaryPart(kind: PiiKind, field: CanaryFieldHints): CanaryPart | null | "skip" {
  const ac = (field.autocomplete ?? "").toLowerCase();
  const text = [field.name, field.id ?? "", field.label ?? "", field.placeholder ?? ""].join(" ").toLowerCase();
  if (kind === "name") {
    if (/\bgiven-name\b/.test(ac) || /first|given|vorname|pr[eé]nom|\bnombre\b/.test(text)) return "given_name";
    if (/\bfamily-name\b/.test(ac) || /last|family|surname|nachname|apellido|\bnom\b/.test(text)) return "family_name";
    return null;
  }
  if (kind === "address") {
    if (/\bcountry|address-level1\b/.test(ac) || /country|\bstate\b|province|region|\bland\b|\bpays\b/.test(text)) return "skip";
    if (/\bpostal-code\b/.test(ac) || /\bzip|postal|post.?code|\bplz\b|\bcep\b/.test(text)) return "postcode";
    if (/\baddress-level2\b/.test(ac) || /\bcity\b|\btown\b|\bville\b|\bort\b|ciudad|cidade|citt[aà]/.test(text)) return "city";
    return "street";
  }
  if (kind === "phone") {
    if (field.type.toLowerCase() === "tel" || /\btel-national\b/.test(ac) || field.countryHint) return "national";
    return null;
  }
  return null;
}
