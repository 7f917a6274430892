import type { ReactNode } from "react";

/** A checkbox with its label and a hint beneath, the hint announced with it. */
export function CheckboxField({ id, label, hint, checked, onChange }: { id: string; label: ReactNode; hint: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="flex items-start gap-3">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} className="mt-1 size-4 accent-indigo-600" />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      </div>
    </div>
  );
}
