import { Field, describedBy, inputClass } from "./field";

/** A labelled URL box (monospace, no spell-check): a scan's start page, a monitor's webhook. */
export function UrlField({
  id,
  label,
  hint,
  placeholder,
  autoComplete,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  placeholder: string;
  autoComplete?: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="url"
        autoComplete={autoComplete}
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint: true, error: !!error })}
        className={`${inputClass} font-mono`}
      />
    </Field>
  );
}
