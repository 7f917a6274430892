"use client";

import { Field, describedBy, inputClass } from "@/components/ui/field";
import { MAX_INTERVAL_MINUTES } from "@/lib/schemas/monitor";
import { cn } from "@/lib/ui/cn";
import { formatInterval, presetsFor } from "@/lib/ui/monitors";

/** Minutes between runs, with one-click presets the server accepts; the hint names the server's floor. */
export function IntervalField({ value, onChange, error, floorMinutes }: { value: string; onChange: (v: string) => void; error?: string; floorMinutes: number }) {
  const n = Number(value);
  const reads = value.trim() && Number.isInteger(n) && n > 0 ? `Runs ${formatInterval(n)}.` : "";
  return (
    <Field
      id="interval_minutes"
      label="Interval (minutes)"
      hint={[reads, `At least ${floorMinutes} minutes on this server, at most ${MAX_INTERVAL_MINUTES} (31 days).`].filter(Boolean).join(" ")}
      error={error}
    >
      <div className="flex flex-wrap items-center gap-2">
        <div className="w-36">
          <input
            id="interval_minutes"
            name="interval_minutes"
            type="text"
            inputMode="numeric"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy("interval_minutes", { hint: true, error: !!error })}
            className={inputClass}
          />
        </div>
        <div role="group" aria-label="Interval presets" className="flex flex-wrap gap-1">
          {presetsFor(floorMinutes).map((p) => {
            const active = String(p.minutes) === value.trim();
            return (
              <button
                key={p.minutes}
                type="button"
                aria-pressed={active}
                onClick={() => onChange(String(p.minutes))}
                className={cn(
                  "rounded-md border px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400",
                  active
                    ? "border-indigo-500 bg-indigo-50 font-medium text-indigo-900 dark:border-indigo-400 dark:bg-indigo-950/50 dark:text-indigo-100"
                    : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
                )}
              >
                {p.label}
              </button>
            );
          })}
        </div>
      </div>
    </Field>
  );
}
