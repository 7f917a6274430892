import type { PinningResolveGuard } from "@/agents/safety";
import { getEnv, type Env } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { createScanGuard } from "@/lib/scans/use-cases/scan-guard";
import type { ClaimedDelivery, Store } from "@/lib/store/types";
import { openSecret } from "./webhook-secret";
import { retryDelayMs } from "./webhook-retry";
import { sendWebhook, type WebhookAttemptResult } from "./webhook-send";

// The outbox's sender. Any container may call it on its tick: claimDueDeliveries leases each
// delivery to one caller, so an event is attempted by one sender at a time, and a sender that
// dies mid-attempt only delays the delivery until its lease ends.

export const DEFAULT_BATCH = 20;
// The lease outlives the request's own timeout, so nobody else takes a delivery still being sent.
const LEASE_MARGIN_SECONDS = 30;

type WebhookEnv = Pick<Env, "APO_WEBHOOK_MAX_ATTEMPTS" | "APO_WEBHOOK_RETRY_BASE_MS" | "APO_WEBHOOK_TIMEOUT_SECONDS">;

export interface DispatchOptions {
  store: Store;
  /** Defaults to the environment (lib/env.ts). */
  env?: Partial<WebhookEnv>;
  now?: () => Date;
  limit?: number;
  /** The SSRF guard; defaults to the scan targets' (APO_ALLOW_PRIVATE_TARGETS, APO_ALLOWED_PRIVATE_CIDRS). */
  guard?: PinningResolveGuard;
}

function eventTypeOf(payload: string): string {
  try {
    const type = (JSON.parse(payload) as { type?: unknown }).type;
    return typeof type === "string" ? type : "monitor.run.completed";
  } catch {
    return "monitor.run.completed";
  }
}

/** For logs: where it went without path or query (a Slack webhook's path is its credential). */
function hostOf(url: string | null): string | null {
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
}

async function attempt(delivery: ClaimedDelivery, timeoutMs: number, guard: PinningResolveGuard): Promise<WebhookAttemptResult> {
  const failed = (error: string): WebhookAttemptResult => ({ delivered: false, responseStatus: null, error, durationMs: 0 });
  if (!delivery.webhookUrl || !delivery.webhookSecretSealed) return failed("the monitor has no webhook any more");
  let secret: string;
  try {
    secret = openSecret(delivery.webhookSecretSealed);
  } catch {
    return failed("the webhook secret cannot be opened (was the server's signing secret changed?)");
  }
  return sendWebhook({ url: delivery.webhookUrl, eventType: eventTypeOf(delivery.payload), deliveryId: delivery.id, body: delivery.payload, secret, timeoutMs, guard });
}

/** Sends every due delivery once (one attempt each); returns how many attempts it logged. Never throws. */
export async function sendDueDeliveries(options: DispatchOptions): Promise<number> {
  let attempted = 0;
  try {
    const env = webhookEnv(options.env);
    const now = options.now ?? (() => new Date());
    const timeoutMs = env.APO_WEBHOOK_TIMEOUT_SECONDS * 1000;
    const guard = options.guard ?? createScanGuard();
    const due = await options.store.claimDueDeliveries(options.limit ?? DEFAULT_BATCH, env.APO_WEBHOOK_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS);
    await Promise.all(
      due.map(async (delivery) => {
        try {
          const outcome = await attempt(delivery, timeoutMs, guard);
          const number = delivery.attemptCount + 1;
          // No webhook left is final: retrying cannot help.
          const final = outcome.delivered || number >= env.APO_WEBHOOK_MAX_ATTEMPTS || !delivery.webhookUrl || !delivery.webhookSecretSealed;
          const next = outcome.delivered
            ? ({ status: "delivered" } as const)
            : final
              ? ({ status: "failed" } as const)
              : ({ status: "pending", nextAttemptAt: new Date(now().getTime() + retryDelayMs(number, env.APO_WEBHOOK_RETRY_BASE_MS)) } as const);
          await options.store.recordDeliveryAttempt(delivery.id, { responseStatus: outcome.responseStatus, error: outcome.error, durationMs: outcome.durationMs }, next);
          attempted++;
          const fields = { delivery_id: delivery.id, monitor_id: delivery.monitorId, host: hostOf(delivery.webhookUrl), attempt: number, response_status: outcome.responseStatus, error: outcome.error, next: next.status };
          if (outcome.delivered) log.info("webhook delivered", fields);
          else log.warn("webhook attempt failed", fields);
        } catch (error) {
          // The lease runs out and another tick retries it.
          log.error("webhook delivery could not be recorded", { delivery_id: delivery.id, error: describeError(error) });
        }
      }),
    );
  } catch (error) {
    log.error("webhook dispatch failed", { error: describeError(error) });
  }
  return attempted;
}

function webhookEnv(overrides: Partial<WebhookEnv> = {}): WebhookEnv {
  const env = getEnv();
  return {
    APO_WEBHOOK_MAX_ATTEMPTS: overrides.APO_WEBHOOK_MAX_ATTEMPTS ?? env.APO_WEBHOOK_MAX_ATTEMPTS,
    APO_WEBHOOK_RETRY_BASE_MS: overrides.APO_WEBHOOK_RETRY_BASE_MS ?? env.APO_WEBHOOK_RETRY_BASE_MS,
    APO_WEBHOOK_TIMEOUT_SECONDS: overrides.APO_WEBHOOK_TIMEOUT_SECONDS ?? env.APO_WEBHOOK_TIMEOUT_SECONDS,
  };
}
