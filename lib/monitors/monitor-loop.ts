import { describeError, log } from "@/lib/log";

/** One step of a tick: starting due runs, finalizing ended ones (lib/monitors/finalize-runs.ts), sending webhooks. */
export type MonitorStep = () => Promise<unknown>;

export interface MonitorLoopOptions {
  tickMs: number;
  /** Starts due runs (lib/monitors/scheduler.ts). */
  startDueRuns: MonitorStep;
  /** Finalizes ended runs: diff against the previous good run, webhook enqueued. */
  finalize?: MonitorStep;
  /** Sends due webhook deliveries. */
  deliver?: MonitorStep;
  /** False once the service drains: no new runs, and the store may be closing. */
  isAccepting?: () => boolean;
}

const noop: MonitorStep = async () => undefined;

/**
 * Each container's monitor clock: every tick starts due runs, then finalizes ended ones, then
 * sends due webhooks, each step through the store so containers sharing it never do one thing
 * twice. Ticks never overlap: a kick during a tick runs one more tick after it. A failing step
 * is logged and the next steps and ticks go on.
 */
export class MonitorLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly steps: Array<[string, MonitorStep]>;

  constructor(private readonly o: MonitorLoopOptions) {
    this.steps = [
      ["starting due monitor runs", o.startDueRuns],
      ["finalizing monitor runs", o.finalize ?? noop],
      ["sending webhook deliveries", o.deliver ?? noop],
    ];
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.kick(), this.o.tickMs);
    this.timer.unref();
    // A server that was down finds its missed runs now, not a tick later.
    this.kick();
  }

  /** Runs a tick now (or right after the one in progress). The worker calls it when a scan ends. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no tick is in progress (tests, and the drain before the store closes). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops ticking and waits for the tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.tick();
    } while (this.again && !this.stopped);
  }

  private async tick(): Promise<void> {
    for (const [what, step] of this.steps) {
      if (this.stopped || this.o.isAccepting?.() === false) return;
      try {
        await step();
      } catch (err) {
        log.error(`${what} failed`, { error: describeError(err) });
      }
    }
  }
}
