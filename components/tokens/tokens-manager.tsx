"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, describedBy, inputClass } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime } from "@/lib/ui/format";
import { apiErrorOf, readToken, readTokenList, type ApiToken } from "@/lib/ui/scan-api";
import { CurlExample } from "./curl-example";

function tokenState(t: ApiToken): { label: string; tone: "green" | "neutral" | "red" } {
  if (t.revokedAt) return { label: "Revoked", tone: "neutral" };
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return { label: "Expired", tone: "red" };
  return { label: "Active", tone: "green" };
}

export function TokensManager() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [created, setCreated] = useState<ApiToken | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState("30");
  const [errors, setErrors] = useState<{ name?: string; days?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await fetch("/api/tokens", { cache: "no-store" }).catch(() => null);
    if (!res?.ok) {
      setErrors({ form: res ? (await apiErrorOf(res)).message : "Could not reach the server." });
      return;
    }
    setTokens(readTokenList(await res.json()));
  }, []);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const n = Number(days);
    const errs: typeof errors = {};
    if (!name.trim()) errs.name = "Give the token a name, e.g. the pipeline that will use it.";
    if (!Number.isInteger(n) || n < 1 || n > 365) errs.days = "Between 1 and 365 days.";
    setErrors(errs);
    if (errs.name || errs.days) return;
    setPending(true);
    const res = await fetch("/api/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: name.trim(), expires_in_days: n }) }).catch(() => null);
    setPending(false);
    if (!res?.ok) {
      const err = res ? await apiErrorOf(res) : { message: "Could not reach the server." };
      // The server caps the lifetime (APO_TOKEN_MAX_TTL_DAYS) and says so on the field.
      setErrors(err.message.startsWith("name") ? { name: err.message } : err.message.startsWith("expires_in_days") ? { days: err.message.replace(/^expires_in_days: /, "") } : { form: err.message });
      return;
    }
    setCreated(readToken(await res.json()));
    setName("");
    void load();
  }

  async function revoke(id: string) {
    const res = await fetch(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }).catch(() => null);
    setConfirm(null);
    if (!res?.ok) {
      setErrors({ form: res ? (await apiErrorOf(res)).message : "Could not reach the server." });
      return;
    }
    if (created?.id === id) setCreated(null);
    void load();
  }

  return (
    <div className="space-y-6">
      {errors.form ? <Notice tone="error" title={errors.form} live /> : null}
      {created?.token ? (
        <Notice tone="success" title={`Token “${created.name}” created. Copy it now: it will not be shown again.`} live>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="max-w-full overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-900 dark:bg-slate-900 dark:text-slate-100" data-testid="new-token">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
        </Notice>
      ) : null}

      <Card>
        <CardHeader title="Create a token" description="For CI pipelines and GRC tools. A token acts as you: it can start scans and read your reports." />
        <form onSubmit={(e) => void create(e)} noValidate className="flex flex-wrap items-start gap-4 p-5">
          <Field id="token-name" label="Name" error={errors.name} className="min-w-64 flex-1">
            <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="e.g. GitHub Actions – marketing site" aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy("token-name", { error: !!errors.name })} className={inputClass} />
          </Field>
          <Field id="token-days" label="Expires after (days)" error={errors.days} className="w-44">
            <input id="token-days" type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={errors.days ? true : undefined} aria-describedby={describedBy("token-days", { error: !!errors.days })} className={inputClass} />
          </Field>
          <Button type="submit" variant="primary" disabled={pending} className="mt-7">
            {pending ? "Creating…" : "Create token"}
          </Button>
        </form>
      </Card>

      <Card className="overflow-hidden">
        <CardHeader title="Your tokens" description="Revoking takes effect at once." />
        {tokens && tokens.length === 0 ? (
          <EmptyState title="No tokens yet">Create one above to call the API from scripts.</EmptyState>
        ) : (
          <div tabIndex={0} className="table-scroll">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-800/40 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-2.5">Name</th>
                  <th scope="col" className="px-4 py-2.5">Status</th>
                  <th scope="col" className="px-4 py-2.5">Created</th>
                  <th scope="col" className="px-4 py-2.5">Expires</th>
                  <th scope="col" className="px-4 py-2.5">Last used</th>
                  <th scope="col" className="px-4 py-2.5 text-right">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {(tokens ?? []).map((t) => {
                  const st = tokenState(t);
                  return (
                    <tr key={t.id}>
                      <td className="px-4 py-3 font-medium">{t.name}</td>
                      <td className="px-4 py-3">
                        <Badge tone={st.tone}>{st.label}</Badge>
                      </td>
                      <td className="px-4 py-3 whitespace-nowrap">{formatDateTime(t.createdAt)}</td>
                      <td className="px-4 py-3 whitespace-nowrap">{formatDate(t.expiresAt)}</td>
                      <td className="px-4 py-3 whitespace-nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
                      <td className="px-4 py-3 text-right">
                        {t.revokedAt ? null : confirm === t.id ? (
                          <span className="inline-flex gap-1">
                            <Button size="sm" variant="danger" onClick={() => void revoke(t.id)} autoFocus>
                              Revoke
                            </Button>
                            <Button size="sm" variant="ghost" onClick={() => setConfirm(null)}>
                              Keep
                            </Button>
                          </span>
                        ) : (
                          <Button size="sm" variant="ghost" onClick={() => setConfirm(t.id)} aria-label={`Revoke token ${t.name}`}>
                            Revoke
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card>
        <CardHeader title="Use it" description={<>Send the token as a bearer header. Full reference: <a className="underline" href="/docs">API reference</a>.</>} />
        <div className="p-5">
          <CurlExample token={created?.token ?? null} />
        </div>
      </Card>
    </div>
  );
}
