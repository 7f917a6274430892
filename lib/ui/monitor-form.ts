import { MonitorCreateSchema, MonitorPatchSchema, type AlertOn, type Monitor, type MonitorCreate, type MonitorPatch } from "@/lib/schemas/monitor";
import { fieldErrorFromApiMessage, fieldErrorsFromIssues, type FieldErrors } from "./form-errors";
import { defaultScanTarget, optionalNumber, scanTargetInput, type ScanTargetValues } from "./scan-target";

// The monitor form's values, how they become the API body, and its validation: the shared zod
// schema (as the scan form does) plus the server's interval floor, which the page passes in.

export interface MonitorFormValues extends ScanTargetValues {
  name: string;
  url: string;
  interval_minutes: string;
  webhook_url: string;
  alert_on: AlertOn;
  use_llm: boolean;
  enabled: boolean;
}

export const emptyMonitorForm: MonitorFormValues = {
  name: "",
  url: "",
  ...defaultScanTarget,
  interval_minutes: String(24 * 60),
  webhook_url: "",
  alert_on: "any_run",
  use_llm: false,
  enabled: true,
};

/** The form prefilled from a stored monitor, for editing. */
export function formValuesOf(m: Monitor): MonitorFormValues {
  return {
    name: m.name,
    url: m.url,
    framework: m.framework,
    extra_frameworks: m.frameworks.filter((f) => f !== m.framework),
    region: m.region ?? "",
    crawl_depth: m.crawl_depth,
    max_pages: m.max_pages === null ? "" : String(m.max_pages),
    interval_minutes: String(m.interval_minutes),
    webhook_url: m.webhook_url ?? "",
    alert_on: m.alert_on,
    use_llm: m.use_llm,
    enabled: m.enabled,
  };
}

export function toMonitorInput(v: MonitorFormValues): Record<string, unknown> {
  return {
    name: v.name.trim() || undefined,
    url: v.url,
    ...scanTargetInput(v),
    // Required: an empty box must fail as "interval_minutes", not be coerced to 0.
    interval_minutes: optionalNumber(v.interval_minutes) ?? "",
    webhook_url: v.webhook_url.trim() || undefined,
    alert_on: v.alert_on,
    use_llm: v.use_llm,
    enabled: v.enabled,
  };
}

export type MonitorFormResult = { ok: true; body: MonitorCreate } | { ok: false; errors: FieldErrors };

/** The create body, or field errors keyed like the API's fields ("interval_minutes", "frameworks.1"). */
export function validateMonitorForm(v: MonitorFormValues, floorMinutes: number): MonitorFormResult {
  const parsed = MonitorCreateSchema.safeParse(toMonitorInput(v));
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues);
  // The shared URL schema says "url …"; beside the webhook field it is the webhook's URL.
  if (errors.webhook_url) errors.webhook_url = errors.webhook_url.replace(/^url\b/, "webhook URL");
  // Clearer than zod's coercion messages ("expected number, received NaN", "too small").
  const raw = v.interval_minutes.trim().replace(/[,\s_]/g, "");
  const interval = Number(raw);
  if (raw === "" || !Number.isFinite(interval)) errors.interval_minutes = "interval_minutes must be a whole number of minutes";
  else if (interval < floorMinutes) errors.interval_minutes = `interval_minutes must be at least ${floorMinutes} minutes on this server`;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: parsed.data };
}

/**
 * PATCH body for an edit: the fields that differ from the stored monitor, so an unchanged
 * webhook URL is not re-sent. Clearing the webhook URL removes the webhook (null) and clearing
 * the page budget goes back to the default (null).
 */
export function toMonitorPatch(body: MonitorCreate, current: Monitor): MonitorPatch {
  const wanted: Record<string, unknown> = {
    ...body,
    name: body.name ?? current.name,
    frameworks: body.frameworks ?? [body.framework],
    region: body.region ?? null,
    max_pages: body.max_pages ?? null,
    webhook_url: body.webhook_url ?? null,
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changed = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => !same(v, (current as Record<string, unknown>)[k])));
  // A region cannot be set back to "the framework's default" with null; leave it as stored.
  if (changed.region === null) delete changed.region;
  return MonitorPatchSchema.parse(changed);
}

/** Fields a server 400 may name; longest first is handled by fieldErrorFromApiMessage. */
export const monitorApiFields = ["name", "url", "framework", "frameworks", "region", "crawl_depth", "max_pages", "interval_minutes", "webhook_url", "alert_on", "use_llm", "enabled"];

/** Where a rejected create or edit shows its error: at the field the server names, else above the form. */
export function fieldErrorsFromApi(status: number, code: string, message: string): FieldErrors {
  // A refused address is about whichever URL the message names; the target URL when it names neither.
  if (code === "target_not_allowed" || code === "unresolvable_target") return /webhook/i.test(message) ? { webhook_url: message } : { url: message };
  if (status === 400 || status === 422) return fieldErrorFromApiMessage(message, monitorApiFields);
  return { form: message };
}

const formOrder = ["form", "name", "url", "framework", "frameworks", "region", "crawl_depth", "max_pages", "interval_minutes", "webhook_url", "alert_on"];

/** The id of the first field in the form's order that has an error (the first extra-framework box stands for the list). */
export function firstErrorFieldId(errors: FieldErrors): string | null {
  const keys = Object.keys(errors).filter((k) => errors[k]);
  const rank = (k: string) => {
    const i = formOrder.indexOf(k.split(".")[0]!);
    return i === -1 ? formOrder.length : i;
  };
  const first = keys.sort((a, b) => rank(a) - rank(b))[0];
  if (!first || first === "form") return null;
  return first.startsWith("frameworks") ? "extra_frameworks" : first;
}
