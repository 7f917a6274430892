import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/evidence/canonical-json";
import { frameworkCatalogs } from "./index";

let cached: string | undefined;

/**
 * The rule catalog's version: a digest of the catalog itself (every framework's rules, citations,
 * penalties, dates), so any change to the law as data changes it without anyone remembering to bump
 * a number. Evidence manifests record it: a report can be tied to the exact rules that judged it.
 */
export function rulesVersion(): string {
  cached ??= `catalog-sha256:${createHash("sha256").update(canonicalJson(frameworkCatalogs)).digest("hex").slice(0, 16)}`;
  return cached;
}
