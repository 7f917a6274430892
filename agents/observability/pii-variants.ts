import { createHash } from "node:crypto";

export interface CanaryVariant {
  form: string;
  value: string;
  /** Hex hashes are compared case-insensitively. */
  caseInsensitive: boolean;
}

const hash = (algo: string, v: string) => createHash(algo).update(v, "utf8").digest("hex");
const b64 = (v: string) => Buffer.from(v, "utf8").toString("base64");
const b64url = (v: string) => b64(v).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * Every form a canary may take on the wire: plain, normalised (trim + lowercase, as pixels'
 * advanced matching does), URL- and form-encoded, base64/base64url, md5/sha1/sha256.
 */
export function canaryVariants(value: string, kind: string): CanaryVariant[] {
  const normalised = value.trim().toLowerCase();
  const bases = new Set([value, normalised]);
  if (kind === "phone") bases.add(value.replace(/\D/g, ""));
  const out: CanaryVariant[] = [];
  const add = (form: string, v: string, ci = false) => {
    if (v.length >= 4 && !out.some((o) => o.value === v)) out.push({ form, value: v, caseInsensitive: ci });
  };
  for (const b of bases) {
    add("plain", b);
    add("url-encoded", encodeURIComponent(b));
    add("form-encoded", encodeURIComponent(b).replace(/%20/g, "+"));
    add("base64", b64(b).replace(/=+$/, ""));
    add("base64url", b64url(b));
    add("md5", hash("md5", b), true);
    add("sha1", hash("sha1", b), true);
    add("sha256", hash("sha256", b), true);
  }
  return out;
}

/** The first variant found in the haystack, if any. */
export function findVariant(haystack: string, variants: CanaryVariant[]): CanaryVariant | null {
  const lower = haystack.toLowerCase();
  return variants.find((v) => (v.caseInsensitive ? lower.includes(v.value.toLowerCase()) : haystack.includes(v.value))) ?? null;
}
