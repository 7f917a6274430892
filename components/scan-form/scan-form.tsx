"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { Framework } from "@/lib/schemas/framework";
import { MAX_CRAWL_DEPTH, MAX_PAGES, ScanRequestSchema, defaultMaxPages } from "@/lib/schemas/scan-request";
import { fieldErrorFromApiMessage, fieldErrorsFromIssues, type FieldErrors } from "@/lib/ui/form-errors";
import { currencies, defaultCurrency, exposureInputFor } from "@/lib/ui/frameworks";
import { ApiCallError, startScan } from "@/lib/ui/scan-api";
import { FrameworkPicker } from "./framework-picker";
import { RegionAndFrameworks } from "./region-and-frameworks";

export interface ScanFormValues {
  url: string;
  framework: Framework;
  /** Frameworks judged besides the primary (the request's `frameworks`, less the primary). */
  extra_frameworks: Framework[];
  /** A region id, or "" for the primary framework's default. */
  region: string;
  crawl_depth: number;
  max_pages: string;
  use_llm: boolean;
  claude_key: string;
  openai_key: string;
  affected_consumers: string;
  turnover_amount: string;
  turnover_currency: string;
}

const apiFields = ["url", "framework", "frameworks", "region", "crawl_depth", "max_pages", "use_llm", "claude_key", "openai_key", "affected_consumers", "annual_turnover.amount", "annual_turnover.currency", "annual_turnover"];

/** Empty inputs mean "not given"; z.coerce would otherwise turn "" into 0 and reject it. */
function optionalNumber(s: string): number | string | undefined {
  const t = s.trim().replace(/[,\s_]/g, "");
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

const extraFrameworks = (v: ScanFormValues) => (v.extra_frameworks ?? []).filter((f) => f !== v.framework);

/** The first error about `frameworks` or one of its entries ("frameworks.2"). */
const frameworksErrorOf = (errors: FieldErrors) => Object.entries(errors).find(([k]) => k === "frameworks" || k.startsWith("frameworks."))?.[1];

export function toScanRequestInput(v: ScanFormValues): Record<string, unknown> {
  const amount = optionalNumber(v.turnover_amount);
  return {
    url: v.url,
    framework: v.framework,
    frameworks: extraFrameworks(v).length ? [v.framework, ...extraFrameworks(v)] : undefined,
    region: v.region || undefined,
    crawl_depth: v.crawl_depth,
    max_pages: optionalNumber(v.max_pages),
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
    framework: "CCPA",
    extra_frameworks: [],
    region: "",
    crawl_depth: 2,
    max_pages: "",
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
  const budgetHint = `Up to ${MAX_PAGES}. Leave empty for ${defaultMaxPages(v.crawl_depth)} pages at depth ${v.crawl_depth}.`;
  const turnoverError = errors["annual_turnover.amount"] ?? errors["annual_turnover.currency"] ?? errors.annual_turnover;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-6" aria-label="New scan">
      {errors.form ? <Notice tone="error" title="The scan could not be started" live>{errors.form}</Notice> : null}

      <Card className="space-y-6 p-6">
        <Field id="url" label="Website URL" hint="The home page to start from. https:// is assumed when omitted." error={errors.url}>
          <input
            id="url"
            name="url"
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://www.example.com/"
            value={v.url}
            onChange={(e) => set("url", e.target.value)}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={describedBy("url", { hint: true, error: !!errors.url })}
            className={`${inputClass} font-mono`}
          />
        </Field>
        <FrameworkPicker
          value={v.framework}
          error={errors.framework}
          onChange={(f) => {
            set("framework", f);
            if (!v.turnover_amount) set("turnover_currency", defaultCurrency(f));
          }}
        />
        <RegionAndFrameworks
          primary={v.framework}
          extra={v.extra_frameworks}
          region={v.region}
          onExtraChange={(extra) => {
            set("extra_frameworks", extra);
            setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith("frameworks"))));
          }}
          onRegionChange={(region) => set("region", region)}
          frameworksError={frameworksErrorOf(errors)}
          regionError={errors.region}
        />
      </Card>

      <Card className="grid gap-6 p-6 md:grid-cols-2">
        <Field id="crawl_depth" label={`Crawl depth: ${v.crawl_depth} ${v.crawl_depth === 1 ? "hop" : "hops"}`} hint="How many links away from the start page to explore. Privacy-relevant pages are visited first." error={errors.crawl_depth}>
          <input
            id="crawl_depth"
            type="range"
            min={1}
            max={MAX_CRAWL_DEPTH}
            step={1}
            value={v.crawl_depth}
            onChange={(e) => set("crawl_depth", Number(e.target.value))}
            aria-valuetext={`${v.crawl_depth} of ${MAX_CRAWL_DEPTH}`}
            aria-describedby={describedBy("crawl_depth", { hint: true, error: !!errors.crawl_depth })}
            className="w-full accent-indigo-600"
          />
          <div aria-hidden="true" className="flex justify-between px-1 text-xs text-slate-600 dark:text-slate-400">
            {Array.from({ length: MAX_CRAWL_DEPTH }, (_, i) => (
              <span key={i}>{i + 1}</span>
            ))}
          </div>
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
            onChange={(e) => set("max_pages", e.target.value)}
            aria-invalid={errors.max_pages ? true : undefined}
            aria-describedby={describedBy("max_pages", { hint: true, error: !!errors.max_pages })}
            className={inputClass}
          />
        </Field>
      </Card>

      <Card className="space-y-4 p-6">
        <div className="flex items-start gap-3">
          <input
            id="use_llm"
            type="checkbox"
            checked={v.use_llm}
            onChange={(e) => set("use_llm", e.target.checked)}
            aria-describedby="use_llm-hint"
            className="mt-1 size-4 accent-indigo-600"
          />
          <div>
            <label htmlFor="use_llm" className="text-sm font-medium text-slate-800 dark:text-slate-200">
              Use an LLM for policy analysis and plain-English explanations
            </label>
            <p id="use_llm-hint" className="text-xs text-slate-600 dark:text-slate-400">
              Without it, the privacy policy is checked deterministically and the findings are the same.
            </p>
          </div>
        </div>
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
