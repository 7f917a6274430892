import type { Framework } from "@/lib/schemas/framework";
import type { FieldErrors } from "./form-errors";

// What to scan and how far, as both the scan form and the monitor form hold it: the values, their
// defaults, and how they become the request's fields (`ScanRequestSchema` and `MonitorCreateSchema`
// share them).

export interface ScanTargetValues {
  framework: Framework;
  /** Frameworks judged besides the primary (the request's `frameworks`, less the primary). */
  extra_frameworks: Framework[];
  /** A region id, or "" for the primary framework's default. */
  region: string;
  crawl_depth: number;
  max_pages: string;
}

export const defaultScanTarget: ScanTargetValues = {
  framework: "CCPA",
  extra_frameworks: [],
  region: "",
  crawl_depth: 2,
  max_pages: "",
};

/** Empty inputs mean "not given"; z.coerce would otherwise turn "" into 0 and reject it. */
export function optionalNumber(s: string): number | string | undefined {
  const t = s.trim().replace(/[,\s_]/g, "");
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

const extraFrameworks = (v: ScanTargetValues) => (v.extra_frameworks ?? []).filter((f) => f !== v.framework);

/** The request fields for the target: `frameworks` lists the primary first, and only when there are extras. */
export function scanTargetInput(v: ScanTargetValues): Record<string, unknown> {
  const extra = extraFrameworks(v);
  return {
    framework: v.framework,
    frameworks: extra.length ? [v.framework, ...extra] : undefined,
    region: v.region || undefined,
    crawl_depth: v.crawl_depth,
    max_pages: optionalNumber(v.max_pages),
  };
}

const isFrameworksKey = (key: string) => key === "frameworks" || key.startsWith("frameworks.");

/** The first error about `frameworks` or one of its entries ("frameworks.2"). */
export const frameworksErrorOf = (errors: FieldErrors) => Object.entries(errors).find(([k]) => isFrameworksKey(k))?.[1];

/** The errors less those about the framework list, once the analyst has changed it. */
export const withoutFrameworksErrors = (errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith("frameworks")));
