"use client";

import { Field, describedBy, inputClass } from "@/components/ui/field";
import type { Framework } from "@/lib/schemas/framework";
import { defaultRegionByFramework, regionIds, regionProfiles } from "@/lib/schemas/region";
import { MAX_FRAMEWORKS } from "@/lib/schemas/scan-request";
import { frameworkIds } from "@/lib/schemas/framework";
import { frameworkNames } from "@/lib/ui/frameworks";

/**
 * More frameworks for the same crawl (a verdict each) and the visitors' region. The region
 * defaults to the primary framework's visitor; the list of extra frameworks leaves the primary out.
 */
export function RegionAndFrameworks({
  primary,
  extra,
  region,
  onExtraChange,
  onRegionChange,
  frameworksError,
  regionError,
}: {
  primary: Framework;
  extra: readonly Framework[];
  region: string;
  onExtraChange: (extra: Framework[]) => void;
  onRegionChange: (region: string) => void;
  frameworksError?: string;
  regionError?: string;
}) {
  const chosen = extra.filter((f) => f !== primary);
  const full = chosen.length >= MAX_FRAMEWORKS - 1;
  const fallback = regionProfiles[defaultRegionByFramework[primary]];
  return (
    <div className="space-y-6">
      <fieldset aria-describedby={`extra_frameworks-hint${frameworksError ? " extra_frameworks-error" : ""}`} aria-invalid={frameworksError ? true : undefined}>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Also judge against (optional)</legend>
        <p id="extra_frameworks-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          One crawl and one set of visitors, a verdict per framework. Up to {MAX_FRAMEWORKS - 1} besides {primary}.
        </p>
        <div className="mt-2 grid gap-1 sm:grid-cols-2 md:grid-cols-3">
          {frameworkIds
            .filter((id) => id !== primary)
            .map((id, index) => {
              const checked = chosen.includes(id);
              return (
                <label key={id} className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                  <input
                    // The first box takes the focus when the list is rejected (scan-form.tsx).
                    id={index === 0 ? "extra_frameworks" : undefined}
                    type="checkbox"
                    name="extra_frameworks"
                    value={id}
                    checked={checked}
                    disabled={!checked && full}
                    onChange={(e) => onExtraChange(e.target.checked ? [...chosen, id] : chosen.filter((f) => f !== id))}
                    className="size-4 accent-indigo-600"
                  />
                  <span>
                    {frameworkNames[id]} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{id}</span>
                  </span>
                </label>
              );
            })}
        </div>
        {frameworksError ? (
          <p id="extra_frameworks-error" role="alert" className="mt-2 text-sm font-medium text-rose-700 dark:text-rose-300">
            <span aria-hidden="true">⚠</span> {frameworksError}
          </p>
        ) : null}
      </fieldset>

      <Field
        id="region"
        label="Visitor region"
        hint="The visitors' locale, Accept-Language and timezone (and the region's egress proxy, where the server has one), so a site that geolocates its banner shows that region's."
        error={regionError}
      >
        <select
          id="region"
          value={region}
          onChange={(e) => onRegionChange(e.target.value)}
          aria-invalid={regionError ? true : undefined}
          aria-describedby={describedBy("region", { hint: true, error: !!regionError })}
          className={inputClass}
        >
          <option value="">
            Default for {primary}: {fallback.label} ({fallback.locale}, {fallback.timezone})
          </option>
          {regionIds.map((id) => (
            <option key={id} value={id}>
              {regionProfiles[id].label} ({regionProfiles[id].locale}, {regionProfiles[id].timezone})
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
