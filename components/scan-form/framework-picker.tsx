"use client";

import type { Framework } from "@/lib/schemas/framework";
import { cn } from "@/lib/ui/cn";
import { frameworkDescription, frameworkGroups, frameworkNames } from "@/lib/ui/frameworks";

/** Radio cards: every framework is visible with its one-line scope, arrow keys move within the group. */
export function FrameworkPicker({ value, onChange, error }: { value: Framework; onChange: (f: Framework) => void; error?: string }) {
  return (
    <fieldset aria-describedby={error ? "framework-error" : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Legal framework</legend>
      <div className="mt-2 space-y-4">
        {frameworkGroups.map((g) => (
          <div key={g.label}>
            <p className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{g.label}</p>
            <div className="grid gap-2 md:grid-cols-2">
              {g.ids.map((id) => {
                const checked = id === value;
                return (
                  <label
                    key={id}
                    className={cn(
                      "flex cursor-pointer gap-3 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 dark:has-[:focus-visible]:outline-indigo-400",
                      checked
                        ? "border-indigo-500 bg-indigo-50 ring-1 ring-indigo-500 dark:border-indigo-400 dark:bg-indigo-950/50 dark:ring-indigo-400"
                        : "border-slate-200 bg-white hover:border-slate-300 dark:border-slate-700 dark:bg-slate-950 dark:hover:border-slate-600",
                    )}
                  >
                    <input
                      type="radio"
                      name="framework"
                      value={id}
                      checked={checked}
                      onChange={() => onChange(id)}
                      className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                      aria-describedby={`fw-${id}-desc`}
                    />
                    <span className="min-w-0">
                      <span className="block font-medium text-slate-900 dark:text-slate-100">
                        {frameworkNames[id]} <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{id}</span>
                      </span>
                      <span id={`fw-${id}-desc`} className="mt-0.5 block text-xs leading-snug text-slate-600 dark:text-slate-400">
                        {frameworkDescription(id)}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      {error ? (
        <p id="framework-error" role="alert" className="mt-2 text-sm font-medium text-rose-700 dark:text-rose-300">
          ⚠ {error}
        </p>
      ) : null}
    </fieldset>
  );
}
