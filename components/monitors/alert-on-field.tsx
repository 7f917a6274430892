"use client";

import { alertOnValues, type AlertOn } from "@/lib/schemas/monitor";
import { alertOnLabels } from "@/lib/ui/monitors";

/** Which runs deliver the webhook. */
export function AlertOnField({ value, onChange, disabled, error }: { value: AlertOn; onChange: (v: AlertOn) => void; disabled: boolean; error?: string }) {
  return (
    <fieldset aria-describedby={`alert_on-hint${error ? " alert_on-error" : ""}`} disabled={disabled}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Send the webhook after</legend>
      <p id="alert_on-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {disabled ? "Add a webhook URL to choose." : "Every delivery is signed and retried with backoff when the receiver fails."}
      </p>
      <div className="mt-2 space-y-2">
        {alertOnValues.map((id) => (
          <label key={id} className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200">
            <input
              id={id === value ? "alert_on" : undefined}
              type="radio"
              name="alert_on"
              value={id}
              checked={value === id}
              onChange={() => onChange(id)}
              aria-describedby={`alert_on-${id}-desc`}
              className="mt-0.5 size-4 accent-indigo-600"
            />
            <span>
              <span className="font-medium">{alertOnLabels[id].label}</span>
              <span id={`alert_on-${id}-desc`} className="block text-xs text-slate-600 dark:text-slate-400">
                {alertOnLabels[id].description}
              </span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id="alert_on-error" role="alert" className="mt-2 text-sm font-medium text-rose-700 dark:text-rose-300">
          <span aria-hidden="true">⚠</span> {error}
        </p>
      ) : null}
    </fieldset>
  );
}
