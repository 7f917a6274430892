"use client";

import type { Dispatch, ReactNode, SetStateAction } from "react";
import { Card } from "@/components/ui/card";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { UrlField } from "@/components/ui/url-field";
import type { Framework } from "@/lib/schemas/framework";
import { MAX_CRAWL_DEPTH, MAX_PAGES, defaultMaxPages } from "@/lib/schemas/scan-request";
import type { FieldErrors } from "@/lib/ui/form-errors";
import { frameworksErrorOf, withoutFrameworksErrors, type ScanTargetValues } from "@/lib/ui/scan-target";
import { FrameworkPicker } from "./framework-picker";
import { RegionAndFrameworks } from "./region-and-frameworks";

/** The start page's box; the scan form and the monitor form word its hint differently. */
export function TargetUrlField({ value, error, hint, onChange }: { value: string; error?: string; hint: string; onChange: (url: string) => void }) {
  return <UrlField id="url" label="Website URL" hint={hint} placeholder="https://www.example.com/" autoComplete="url" value={value} error={error} onChange={onChange} />;
}

/**
 * What to scan and how far, shared by the scan form and the monitor form: a card that opens with
 * the caller's own fields (`children`: the URL, a name) and holds the frameworks and region, then
 * a card with the crawl depth and page budget.
 */
export function ScanTargetFields({
  values: v,
  errors,
  onChange,
  setErrors,
  onFrameworkChange,
  depthHint,
  depthScale = false,
  children,
}: {
  values: ScanTargetValues;
  errors: FieldErrors;
  // A method, so a form's own `set` over its wider values fits (its keys include these).
  onChange<K extends keyof ScanTargetValues>(key: K, value: ScanTargetValues[K]): void;
  setErrors: Dispatch<SetStateAction<FieldErrors>>;
  /** Called after the framework has been set, for what depends on it (the scan form's currency). */
  onFrameworkChange?: (framework: Framework) => void;
  depthHint: string;
  /** Numbers under the depth slider. */
  depthScale?: boolean;
  children?: ReactNode;
}) {
  const budgetHint = `Up to ${MAX_PAGES}. Leave empty for ${defaultMaxPages(v.crawl_depth)} pages at depth ${v.crawl_depth}.`;
  return (
    <>
      <Card className="space-y-6 p-6">
        {children}
        <FrameworkPicker
          value={v.framework}
          error={errors.framework}
          onChange={(f) => {
            onChange("framework", f);
            onFrameworkChange?.(f);
          }}
        />
        <RegionAndFrameworks
          primary={v.framework}
          extra={v.extra_frameworks}
          region={v.region}
          onExtraChange={(extra) => {
            onChange("extra_frameworks", extra);
            setErrors(withoutFrameworksErrors);
          }}
          onRegionChange={(region) => onChange("region", region)}
          frameworksError={frameworksErrorOf(errors)}
          regionError={errors.region}
        />
      </Card>

      <Card className="grid gap-6 p-6 md:grid-cols-2">
        <Field id="crawl_depth" label={`Crawl depth: ${v.crawl_depth} ${v.crawl_depth === 1 ? "hop" : "hops"}`} hint={depthHint} error={errors.crawl_depth}>
          <input
            id="crawl_depth"
            type="range"
            min={1}
            max={MAX_CRAWL_DEPTH}
            step={1}
            value={v.crawl_depth}
            onChange={(e) => onChange("crawl_depth", Number(e.target.value))}
            aria-valuetext={`${v.crawl_depth} of ${MAX_CRAWL_DEPTH}`}
            aria-describedby={describedBy("crawl_depth", { hint: true, error: !!errors.crawl_depth })}
            className="w-full accent-indigo-600"
          />
          {depthScale ? (
            <div aria-hidden="true" className="flex justify-between px-1 text-xs text-slate-600 dark:text-slate-400">
              {Array.from({ length: MAX_CRAWL_DEPTH }, (_, i) => (
                <span key={i}>{i + 1}</span>
              ))}
            </div>
          ) : null}
        </Field>
        <Field id="max_pages" label="Page budget" hint={budgetHint} error={errors.max_pages}>
          <input
            id="max_pages"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PAGES}
            placeholder={String(defaultMaxPages(v.crawl_depth))}
            value={v.max_pages}
            onChange={(e) => onChange("max_pages", e.target.value)}
            aria-invalid={errors.max_pages ? true : undefined}
            aria-describedby={describedBy("max_pages", { hint: true, error: !!errors.max_pages })}
            className={inputClass}
          />
        </Field>
      </Card>
    </>
  );
}
