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

/** The longest sleep between two decisions; request events arrive as they happen. */
const PROBE_EVERY_MS = 150;
/** A page too busy to answer the probe this fast is not quiet either; the network decides then. */
const PROBE_TIMEOUT_MS = 500;

export interface SettleOutcome {
  reason: SettleReason;
  waitedMs: number;
}

/** Requests of each probed page still in flight, with their start: a window that opens while a tag is downloading waits for it. */
const inFlight = new WeakMap<Page, Map<Request, number>>();

/** Installs the page probe in every document the page loads from now on, and starts tracking its requests. */
export async function installSettleProbe(page: Page): Promise<void> {
  if (!inFlight.has(page)) {
    const open = new Map<Request, number>();
    inFlight.set(page, open);
    page.on("request", (request) => open.set(request, Date.now()));
    page.on("requestfinished", (request) => open.delete(request));
    page.on("requestfailed", (request) => open.delete(request));
  }
  await page.addInitScript({ content: SETTLE_PROBE_SCRIPT }).catch(() => undefined);
}

/** Waits until the page has been quiet for options.quietMs (at least minMs, at most maxMs). */
export async function waitForQuiet(page: Page, options: Partial<SettleOptions>, signal: AbortSignal): Promise<SettleOutcome> {
  const settings = { ...DEFAULT_SETTLE, ...options };
  const started = Date.now();
  const quiet = new QuietWindow(started, settings);
  const ids = new WeakMap<Request, string>();
  let seq = 0;
  const onRequest = (request: Request) => {
    const id = `q${++seq}`;
    ids.set(request, id);
    quiet.requestStarted(id, Date.now(), request.resourceType());
  };
  const onEnd = (request: Request) => {
    const id = ids.get(request);
    if (id) quiet.requestEnded(id, Date.now());
  };
  for (const [request, at] of inFlight.get(page) ?? []) {
    const id = `q${++seq}`;
    ids.set(request, id);
    quiet.requestStarted(id, at, request.resourceType());
  }
  page.on("request", onRequest);
  page.on("requestfinished", onEnd);
  page.on("requestfailed", onEnd);
  try {
    for (;;) {
      if (signal.aborted) return { reason: "aborted", waitedMs: Date.now() - started };
      let decision = quiet.decide(Date.now());
      if (decision.done && decision.reason === "quiet") {
        // The network says quiet: the page is asked only now (a round trip per candidate end, not
        // a poll) whether a pending timer, idle callback or route change says otherwise.
        const state = await evaluateWithin<SettleProbeState>(page, `window.${SETTLE_PROBE_GLOBAL} ? window.${SETTLE_PROBE_GLOBAL}(${quiet.deadline}) : null`, PROBE_TIMEOUT_MS);
        if (state) {
          quiet.pageBusy(state.busyUntil);
          if (state.routeChangedAt >= started) quiet.activity(state.routeChangedAt);
        }
        decision = quiet.decide(Date.now());
      }
      if (decision.done) return { reason: decision.reason ?? "quiet", waitedMs: Date.now() - started };
      await sleep(Math.min(decision.waitMs, PROBE_EVERY_MS), signal);
    }
  } finally {
    page.off("request", onRequest);
    page.off("requestfinished", onEnd);
    page.off("requestfailed", onEnd);
  }
}
