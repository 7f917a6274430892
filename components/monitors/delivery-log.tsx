"use client";

import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { WebhookDelivery } from "@/lib/schemas/monitor";
import { formatDateTime } from "@/lib/ui/format";
import { sendTestWebhook } from "@/lib/ui/monitor-api";
import { describeAttempt, eventTypeLabels } from "@/lib/ui/monitors";

const statusMeta: Record<WebhookDelivery["status"], { tone: Tone; label: string; glyph: string }> = {
  pending: { tone: "amber", label: "Pending", glyph: "◷" },
  delivered: { tone: "green", label: "Delivered", glyph: "✓" },
  failed: { tone: "red", label: "Failed", glyph: "✕" },
};

const muted = "text-slate-600 dark:text-slate-400";

/** Webhook deliveries with every attempt, and a button that sends a `monitor.test` event. */
export function DeliveryLog({ monitorId, hasWebhook, deliveries, onSent }: { monitorId: string; hasWebhook: boolean; deliveries: readonly WebhookDelivery[]; onSent: () => void }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  async function sendTest() {
    setPending(true);
    setMessage(null);
    try {
      await sendTestWebhook(monitorId);
      setMessage({ tone: "success", text: "Test event queued. Its delivery appears below." });
      onSent();
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof Error ? e.message : "Could not reach the server." });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="deliveries-heading" className="overflow-hidden">
      <CardHeader
        id="deliveries-heading"
        title="Webhook deliveries"
        description={hasWebhook ? "Newest first, with every attempt. Failed attempts are retried with exponential backoff." : "This monitor has no webhook URL. Edit it to add one."}
        actions={
          <Button size="sm" onClick={() => void sendTest()} disabled={!hasWebhook || pending}>
            {pending ? "Sending…" : "Send test event"}
          </Button>
        }
      />
      {message ? <Notice tone={message.tone} title={message.text} live className="m-4" /> : null}
      {deliveries.length === 0 ? (
        <p className={`px-5 py-6 text-sm ${muted}`}>No deliveries yet.</p>
      ) : (
        <div tabIndex={0} className="table-scroll">
          <table className="w-full text-sm" data-testid="deliveries-table">
            <caption className="sr-only">Webhook deliveries, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-800/40 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2.5">Event</th>
                <th scope="col" className="px-4 py-2.5">Status</th>
                <th scope="col" className="px-4 py-2.5">Attempts</th>
                <th scope="col" className="px-4 py-2.5">Next retry</th>
                <th scope="col" className="px-4 py-2.5">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {deliveries.map((d) => {
                const s = statusMeta[d.status];
                return (
                  <tr key={d.delivery_id} data-status={d.status} className="align-top">
                    <td className="px-4 py-3">
                      <span className="font-medium">{eventTypeLabels[d.event_type]}</span>
                      <code className={`block text-xs ${muted}`}>{d.event_type}</code>
                    </td>
                    <td className="px-4 py-3">
                      <Badge tone={s.tone}>
                        <span aria-hidden="true">{s.glyph}</span>
                        {s.label}
                      </Badge>
                    </td>
                    <td className="px-4 py-3">
                      {d.attempts.length === 0 ? (
                        <span className={muted}>None yet</span>
                      ) : (
                        <ol className="space-y-0.5 text-xs">
                          {d.attempts.map((a) => (
                            <li key={a.attempt}>
                              #{a.attempt} · {formatDateTime(a.at)} · {describeAttempt(a)}
                            </li>
                          ))}
                        </ol>
                      )}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">{d.status === "pending" && d.next_attempt_at ? formatDateTime(d.next_attempt_at) : <span className={muted}>—</span>}</td>
                    <td className="px-4 py-3 whitespace-nowrap">{formatDateTime(d.created_at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
