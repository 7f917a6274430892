"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { fieldErrorFromApiMessage, fieldErrorsFromIssues, type FieldErrors } from "@/lib/ui/form-errors";
import { currencies, defaultCurrency, exposureInputFor } from "@/lib/ui/frameworks";
import { ApiCallError, startScan } from "@/lib/ui/scan-api";
import { defaultScanTarget, optionalNumber, scanTargetInput, type ScanTargetValues } from "@/lib/ui/scan-target";
import { ScanTargetFields, TargetUrlField } from "./scan-target-fields";

export interface ScanFormValues extends ScanTargetValues {
  url: string;
  use_llm: boolean;
  claude_key: string;
  openai_key: string;
  affected_consumers: string;
  turnover_amount: string;
  turnover_currency: string;
}

const apiFields = ["url", "framework", "frameworks", "region", "crawl_depth", "max_pages", "use_llm", "claude_key", "openai_key", "affected_consumers", "annual_turnover.amount", "annual_turnover.currency", "annual_turnover"];

export function toScanRequestInput(v: ScanFormValues): Record<string, unknown> {
  const amount = optionalNumber(v.turnover_amount);
  return {
    url: v.url,
    ...scanTargetInput(v),
    use_llm: v.use_llm,
    claude_key: v.use_llm && v.claude_key ? v.claude_key : undefined,
    openai_key: v.use_llm && v.openai_key ? v.openai_key : undefined,
    affected_consumers: optionalNumber(v.affected_consumers),
    annual_turnover: amount === undefined ? undefined : { amount, currency: v.turnover_currency },
  };
}

export function ScanForm({ initial }: { initial: Partial<ScanFormValues> }) {
  const router = useRouter();
  const [v, setV] = useState<ScanFormValues>({
    url: "",
    ...defaultScanTarget,
    use_llm: false,
    claude_key: "",
    openai_key: "",
    affected_consumers: "",
    turnover_amount: "",
    turnover_currency: defaultCurrency(initial.framework ?? "CCPA"),
    ...initial,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  function set<K extends keyof ScanFormValues>(key: K, value: ScanFormValues[K]) {
    setV((prev) => ({ ...prev, [key]: value }));
    // Clear a field's error as soon as the analyst edits it; it is re-checked on submit.
    if (errors[key] || (key === "turnover_amount" && errors["annual_turnover.amount"])) {
      setErrors((prev) => ({ ...prev, [key]: undefined, "annual_turnover.amount": key === "turnover_amount" ? undefined : prev["annual_turnover.amount"] }));
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = ScanRequestSchema.safeParse(toScanRequestInput(v));
    if (!parsed.success) {
      const errs = fieldErrorsFromIssues(parsed.error.issues);
      setErrors(errs);
      const firstKey = Object.keys(errs)[0];
      const focusId = firstKey === "annual_turnover.amount" ? "turnover_amount" : firstKey?.startsWith("frameworks") ? "extra_frameworks" : firstKey;
      if (focusId) document.getElementById(focusId)?.focus();
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const created = await startScan(parsed.data);
      router.push(`/scans/${encodeURIComponent(created.scan_id)}`);
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 401) {
        router.replace("/login?callbackUrl=/scans/new");
        return;
      }
      const code = err instanceof ApiCallError ? err.code : null;
      const message = err instanceof Error ? err.message : "Could not reach the server.";
      // A refused target (private address, blocked host) is about the URL, whatever the wording.
      if (code === "target_not_allowed" || code === "unresolvable_target") setErrors({ url: message });
      else if (err instanceof ApiCallError && err.status === 400) setErrors(fieldErrorFromApiMessage(message, apiFields));
      else setErrors({ form: message });
      setPending(false);
    }
  }

  const exposure = exposureInputFor(v.framework);
  const turnoverError = errors["annual_turnover.amount"] ?? errors["annual_turnover.currency"] ?? errors.annual_turnover;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-6" aria-label="New scan">
      {errors.form ? <Notice tone="error" title="The scan could not be started" live>{errors.form}</Notice> : null}

      <ScanTargetFields
        values={v}
        errors={errors}
        onChange={set}
        setErrors={setErrors}
        onFrameworkChange={(f) => {
          if (!v.turnover_amount) set("turnover_currency", defaultCurrency(f));
        }}
        depthHint="How many links away from the start page to explore. Privacy-relevant pages are visited first."
        depthScale
      >
        <TargetUrlField value={v.url} error={errors.url} hint="The home page to start from. https:// is assumed when omitted." onChange={(url) => set("url", url)} />
      </ScanTargetFields>

      <Card className="space-y-4 p-6">
        <CheckboxField
          id="use_llm"
          label="Use an LLM for policy analysis and plain-English explanations"
          hint="Without it, the privacy policy is checked deterministically and the findings are the same."
          checked={v.use_llm}
          onChange={(on) => set("use_llm", on)}
        />
        {v.use_llm ? (
          <div className="space-y-4 border-l-2 border-indigo-200 pl-4 dark:border-indigo-900">
            <p id="keys-note" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200">
              Keys are used for this scan only and never stored, logged or shown again. Leave both empty to use the server&apos;s own keys, if it has any.
            </p>
            <div className="grid gap-4 md:grid-cols-2">
              <Field id="claude_key" label="Anthropic Claude API key (optional)" error={errors.claude_key}>
                <input id="claude_key" type="password" autoComplete="off" spellCheck={false} value={v.claude_key} onChange={(e) => set("claude_key", e.target.value)} aria-invalid={errors.claude_key ? true : undefined} aria-describedby={`keys-note${errors.claude_key ? " claude_key-error" : ""}`} className={`${inputClass} font-mono`} />
              </Field>
              <Field id="openai_key" label="OpenAI API key (optional)" error={errors.openai_key}>
                <input id="openai_key" type="password" autoComplete="off" spellCheck={false} value={v.openai_key} onChange={(e) => set("openai_key", e.target.value)} aria-invalid={errors.openai_key ? true : undefined} aria-describedby={`keys-note${errors.openai_key ? " openai_key-error" : ""}`} className={`${inputClass} font-mono`} />
              </Field>
            </div>
          </div>
        ) : null}
      </Card>

      <Card className="p-6">
        <fieldset>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Exposure (optional)</legend>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Turns fine rates into an estimate. {exposure === "turnover" ? "This framework caps fines at a share of worldwide annual turnover." : "This framework fines per violation, per affected consumer."}
          </p>
          <div className="mt-4 grid gap-4 md:grid-cols-3">
            <Field id="affected_consumers" label="Affected consumers" hint="Visitors from the jurisdiction per year." error={errors.affected_consumers}>
              <input id="affected_consumers" type="text" inputMode="numeric" placeholder="e.g. 250000" value={v.affected_consumers} onChange={(e) => set("affected_consumers", e.target.value)} aria-invalid={errors.affected_consumers ? true : undefined} aria-describedby={describedBy("affected_consumers", { hint: true, error: !!errors.affected_consumers })} className={inputClass} />
            </Field>
            <Field id="turnover_amount" label="Annual turnover" hint="Worldwide, last financial year." error={turnoverError}>
              <input id="turnover_amount" type="text" inputMode="decimal" placeholder="e.g. 40000000" value={v.turnover_amount} onChange={(e) => set("turnover_amount", e.target.value)} aria-invalid={turnoverError ? true : undefined} aria-describedby={describedBy("turnover_amount", { hint: true, error: !!turnoverError })} className={inputClass} />
            </Field>
            <Field id="turnover_currency" label="Currency">
              <select id="turnover_currency" value={v.turnover_currency} onChange={(e) => set("turnover_currency", e.target.value)} className={inputClass}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>
      </Card>

      <div className="flex items-center justify-end gap-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Starting scan…" : "Start scan"}
        </Button>
      </div>
    </form>
  );
}
