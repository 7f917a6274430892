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

/** The canary for a field kind. Letters-only where sites validate names. */
export function canaryValue(kind: PiiKind, token: string): string {
  const letters = token.replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)] ?? "x");
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
