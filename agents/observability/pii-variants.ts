import { createHash } from "node:crypto";

export type VariantForm = "plain" | "url-encoded" | "form-encoded" | "base64" | "base64url" | "md5" | "sha1" | "sha256" | "sha512";

export interface CanaryVariant {
  form: VariantForm;
  /** Which normalisation of the typed value was encoded or hashed, in words ("normalised value", "E.164 number"). */
  basis: string;
  value: string;
  /** Hex hashes are compared case-insensitively. */
  caseInsensitive: boolean;
}

const HASHES = ["md5", "sha1", "sha256", "sha512"] as const;
const hash = (algo: string, v: string) => createHash(algo).update(v, "utf8").digest("hex");
const b64 = (v: string) => Buffer.from(v, "utf8").toString("base64");
const b64url = (v: string) => b64(v).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

interface Basis {
  value: string;
  label: string;
  /** Too short or too common to prove anything in clear (a postcode): only its hashes count. */
  hashOnly: boolean;
}

const lowerTrim = (v: string) => v.trim().toLowerCase();
const alnumOnly = (v: string) => lowerTrim(v).replace(/[^\p{L}\p{N}]/gu, "");

/** Short values, or a handful of digits, occur by chance in any traffic: they count only hashed. */
function isHashOnly(v: string): boolean {
  return v.length < 6 || (/^\d+$/.test(v) && v.length < 8);
}

/**
 * The normalisations pixels apply before hashing (Meta advanced matching, Google enhanced
 * conversions, TikTok): e-mail trimmed and lower-cased; phone as digits, E.164 with and without
 * "+", national digits; names lower-cased (each long part too, as first and last names are sent
 * apart); addresses lower-cased, and without spaces or punctuation (Meta's ct/zp form).
 */
function basesOf(value: string, kind: string): Basis[] {
  const out: Basis[] = [];
  const add = (v: string, label: string) => {
    if (v.length > 0 && !out.some((b) => b.value === v)) out.push({ value: v, label, hashOnly: isHashOnly(v) });
  };
  switch (kind) {
    case "phone": {
      let digits = value.replace(/\D/g, "");
      // NANP: the canary's national number is ten digits; its E.164 form adds country code 1.
      if (digits.length === 10) digits = `1${digits}`;
      const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
      add(`+${digits}`, "E.164 number");
      add(digits, "digits-only number");
      add(national, "national number");
      add(value, "number as typed");
      add(value.trim(), "number as typed");
      if (national.length === 10) {
        add(`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, "national number");
        add(`${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`, "national number");
      }
      break;
    }
    case "name":
      add(lowerTrim(value), "normalised value");
      add(value, "value as typed");
      add(alnumOnly(value), "normalised value");
      for (const part of lowerTrim(value).split(/\s+/)) if (part.length >= 8) add(part, "normalised name part");
      break;
    case "address":
      add(lowerTrim(value), "normalised value");
      add(value, "value as typed");
      add(alnumOnly(value), "normalised value");
      break;
    case "payment":
    case "government_id":
      add(value, "value as typed");
      add(value.replace(/\D/g, ""), "digits-only value");
      break;
    default:
      add(lowerTrim(value), "normalised value");
      add(value.trim(), "trimmed value");
      add(value, "value as typed");
  }
  return out;
}

/**
 * Every form a canary may take on the wire: each normalisation in clear, URL- and form-encoded,
 * base64/base64url, and hashed with md5, sha1, sha256 and sha512.
 */
export function canaryVariants(value: string, kind: string): CanaryVariant[] {
  const out: CanaryVariant[] = [];
  const add = (form: VariantForm, basis: string, v: string, ci = false) => {
    if (v.length >= 4 && !out.some((o) => o.value === v)) out.push({ form, basis, value: v, caseInsensitive: ci });
  };
  for (const b of basesOf(value, kind)) {
    if (!b.hashOnly) {
      add("plain", b.label, b.value);
      add("url-encoded", b.label, encodeURIComponent(b.value));
      add("form-encoded", b.label, encodeURIComponent(b.value).replace(/%20/g, "+"));
      add("base64", b.label, b64(b.value).replace(/=+$/, ""));
      add("base64url", b.label, b64url(b.value));
    }
    for (const algo of HASHES) add(algo, b.label, hash(algo, b.value), true);
  }
  return out;
}

/** The first variant found in the haystack, if any. */
export function findVariant(haystack: string, variants: CanaryVariant[]): CanaryVariant | null {
  const lower = haystack.toLowerCase();
  return variants.find((v) => (v.caseInsensitive ? lower.includes(v.value.toLowerCase()) : haystack.includes(v.value))) ?? null;
}

const FORM_WORDS: Record<VariantForm, string> = {
  plain: "in clear",
  "url-encoded": "URL-encoded",
  "form-encoded": "form-encoded",
  base64: "base64-encoded",
  base64url: "base64url-encoded",
  md5: "MD5",
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
};

/** "SHA-256 of the normalised value", "the E.164 number in clear". */
export function describeVariant(v: Pick<CanaryVariant, "form" | "basis">): string {
  const hashed = v.form === "md5" || v.form.startsWith("sha");
  return hashed ? `${FORM_WORDS[v.form]} of the ${v.basis}` : `the ${v.basis} ${FORM_WORDS[v.form]}`;
}
