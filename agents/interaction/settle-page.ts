/**
 * The Playwright edge of the settle window: feeds one page's request events and its probe's
 * pending timers and route changes into a QuietWindow, and waits until it says the page is quiet
 * or the maximum has passed. Returns early (reason "aborted") when the scan is cancelled.
 */
import type { Page, Request } from "playwright-core";
import { evaluateWithin } from "./recorders";
import { DEFAULT_SETTLE, QuietWindow, type SettleOptions, type SettleReason } from "./settle";
import { SETTLE_PROBE_GLOBAL, SETTLE_PROBE_SCRIPT, type SettleProbeState } from "./settle-probe";
import { sleep } from "./sleep";

/** How often the page's pending timers are read; request events arrive as they happen. */
const PROBE_EVERY_MS = 150;

export interface SettleOutcome {
  reason: SettleReason;
  waitedMs: number;
}

/** Installs the page probe in every document the page loads from now on. */
export async function installSettleProbe(page: Pick<Page, "addInitScript">): Promise<void> {
  await page.addInitScript({ content: SETTLE_PROBE_SCRIPT }).catch(() => undefined);
}

/** Waits until the page has been quiet for options.quietMs (at least minMs, at most maxMs). */
export async function waitForQuiet(page: Page, options: Partial<SettleOptions>, signal: AbortSignal): Promise<SettleOutcome> {
  const settings = { ...DEFAULT_SETTLE, ...options };
  const started = Date.now();
  const window = new QuietWindow(started, settings);
  const ids = new WeakMap<Request, string>();
  let seq = 0;
  const onRequest = (request: Request) => {
    const id = `q${++seq}`;
    ids.set(request, id);
    window.requestStarted(id, Date.now(), request.resourceType());
  };
  const onEnd = (request: Request) => {
    const id = ids.get(request);
    if (id) window.requestEnded(id, Date.now());
  };
  page.on("request", onRequest);
  page.on("requestfinished", onEnd);
  page.on("requestfailed", onEnd);
  try {
    for (;;) {
      if (signal.aborted) return { reason: "aborted", waitedMs: Date.now() - started };
      const state = await evaluateWithin<SettleProbeState>(page, `window.${SETTLE_PROBE_GLOBAL} ? window.${SETTLE_PROBE_GLOBAL}(${window.deadline}) : null`, PROBE_EVERY_MS * 2);
      if (state) {
        window.pageBusy(state.busyUntil);
        if (state.routeChangedAt >= started) window.activity(state.routeChangedAt);
      }
      const decision = window.decide(Date.now());
      if (decision.done) return { reason: decision.reason ?? "quiet", waitedMs: Date.now() - started };
      await sleep(Math.min(decision.waitMs, PROBE_EVERY_MS), signal);
    }
  } finally {
    page.off("request", onRequest);
    page.off("requestfinished", onEnd);
    page.off("requestfailed", onEnd);
  }
}
