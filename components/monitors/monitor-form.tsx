"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ScanTargetFields, TargetUrlField } from "@/components/scan-form/scan-target-fields";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { UrlField } from "@/components/ui/url-field";
import type { Monitor, MonitorCreated } from "@/lib/schemas/monitor";
import type { FieldErrors } from "@/lib/ui/form-errors";
import { createMonitor, updateMonitor } from "@/lib/ui/monitor-api";
import { emptyMonitorForm, fieldErrorsFromApi, firstErrorFieldId, formValuesOf, toMonitorPatch, validateMonitorForm, type MonitorFormValues } from "@/lib/ui/monitor-form";
import { ApiCallError } from "@/lib/ui/scan-api";
import { AlertOnField } from "./alert-on-field";
import { IntervalField } from "./interval-field";
import { WebhookSecretNotice } from "./webhook-secret-notice";

/** Create (no `monitor`) or edit a monitor; the same validation as the scan form, plus the server's interval floor. */
export function MonitorForm({ monitor, floorMinutes }: { monitor?: Monitor; floorMinutes: number }) {
  const router = useRouter();
  const [v, setV] = useState<MonitorFormValues>(monitor ? formValuesOf(monitor) : emptyMonitorForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<MonitorCreated | null>(null);
  const editing = !!monitor;
  const self = editing ? `/monitors/${monitor.monitor_id}/edit` : "/monitors/new";

  function set<K extends keyof MonitorFormValues>(key: K, value: MonitorFormValues[K]) {
    setV((prev) => ({ ...prev, [key]: value }));
    // Clear a field's error as soon as it is edited; it is re-checked on submit.
    if (errors[key]) setErrors((prev) => ({ ...prev, [key]: undefined }));
  }

  function showErrors(errs: FieldErrors) {
    setErrors(errs);
    const id = firstErrorFieldId(errs);
    // After React has rendered the error, so the focused field announces it.
    if (id) window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const checked = validateMonitorForm(v, floorMinutes);
    if (!checked.ok) return showErrors(checked.errors);
    setPending(true);
    setErrors({});
    try {
      if (monitor) {
        const patch = toMonitorPatch(checked.body, monitor);
        if (Object.keys(patch).length === 0) return router.push(`/monitors/${monitor.monitor_id}`);
        const saved = await updateMonitor(monitor.monitor_id, patch);
        // A webhook added to a monitor that had none may come back with its first secret.
        if (saved.webhook_secret) setCreated({ ...saved, webhook_secret: saved.webhook_secret });
        else router.push(`/monitors/${monitor.monitor_id}`);
      } else {
        const made = await createMonitor(checked.body);
        if (made.webhook_secret) setCreated(made);
        else router.push(`/monitors/${made.monitor_id}`);
      }
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 401) {
        router.replace(`/login?callbackUrl=${encodeURIComponent(self)}`);
        return;
      }
      const message = err instanceof Error ? err.message : "Could not reach the server.";
      showErrors(err instanceof ApiCallError ? fieldErrorsFromApi(err.status, err.code, message) : { form: message });
    } finally {
      setPending(false);
    }
  }

  if (created?.webhook_secret) {
    return (
      <WebhookSecretNotice secret={created.webhook_secret} title={`Monitor “${created.name}” ${editing ? "saved" : "created"}. Copy the webhook secret now: it will not be shown again.`}>
        <ButtonLink href={`/monitors/${created.monitor_id}`} variant="primary">
          Open the monitor
        </ButtonLink>
      </WebhookSecretNotice>
    );
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-6" aria-label={editing ? "Edit monitor" : "New monitor"}>
      {errors.form ? (
        <Notice tone="error" title={editing ? "The monitor could not be saved" : "The monitor could not be created"} live>
          {errors.form}
        </Notice>
      ) : null}

      <ScanTargetFields values={v} errors={errors} onChange={set} setErrors={setErrors} depthHint="How many links away from the start page each run explores.">
        <TargetUrlField value={v.url} error={errors.url} hint="The home page each run starts from. https:// is assumed when omitted." onChange={(url) => set("url", url)} />
        <Field id="name" label="Name (optional)" hint="How lists show it; the site's host when empty." error={errors.name}>
          <input id="name" name="name" type="text" maxLength={120} value={v.name} onChange={(e) => set("name", e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy("name", { hint: true, error: !!errors.name })} className={inputClass} />
        </Field>
      </ScanTargetFields>

      <Card className="space-y-6 p-6">
        <IntervalField value={v.interval_minutes} onChange={(s) => set("interval_minutes", s)} error={errors.interval_minutes} floorMinutes={floorMinutes} />
        <UrlField
          id="webhook_url"
          label="Webhook URL (optional)"
          hint="Receives a signed JSON event after runs; a Slack incoming-webhook URL works as is. Leave empty for no webhook."
          placeholder="https://hooks.example.com/apo"
          value={v.webhook_url}
          error={errors.webhook_url}
          onChange={(url) => set("webhook_url", url)}
        />
        <AlertOnField value={v.alert_on} onChange={(a) => set("alert_on", a)} disabled={!v.webhook_url.trim()} error={errors.alert_on} />
        <CheckboxField
          id="use_llm"
          label="Use an LLM for policy analysis and explanations"
          hint="Runs use the server's own keys, where the operator allows it; a monitor stores no key. Findings are the same without it."
          checked={v.use_llm}
          onChange={(on) => set("use_llm", on)}
        />
        <CheckboxField id="enabled" label="Enabled" hint="A paused monitor starts no scheduled runs and keeps its history; resume it at any time." checked={v.enabled} onChange={(on) => set("enabled", on)} />
      </Card>

      <div className="flex items-center justify-end gap-3">
        <ButtonLink href={editing ? `/monitors/${monitor.monitor_id}` : "/monitors"} variant="ghost">
          Cancel
        </ButtonLink>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? (editing ? "Saving…" : "Creating…") : editing ? "Save monitor" : "Create monitor"}
        </Button>
      </div>
    </form>
  );
}
