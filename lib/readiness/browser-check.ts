import { describeError } from "@/lib/log";

export interface BrowserCheckResult {
  ok: boolean;
  /** Why not, or the Chromium checked. */
  detail: string;
  checkedAt: Date;
}

export interface BrowserCheckOptions {
  /** The Chromium executable, or throws naming what is missing (agents/browser/chromium-path.ts). */
  findExecutable: () => string;
  /** Starts the scanner's Chromium and closes it again; throws when it cannot start. */
  launch: () => Promise<void>;
  /** A launch result is reused this long (default one minute): a probe never launches a browser itself. */
  maxAgeMs?: number;
  /** The first probe waits this long (default 2 s, under a load balancer's probe timeout) for the first launch before it answers "not checked yet". */
  firstWaitMs?: number;
  now?: () => number;
}

/**
 * Is the browser usable? The executable is looked up on every probe (cheap); the launch is cached
 * and refreshed in the background at most once per maxAgeMs, whatever the probe rate, so load
 * balancers probing every few seconds never start a Chromium each time.
 */
export class BrowserCheck {
  private last: BrowserCheckResult | null = null;
  private inFlight: Promise<BrowserCheckResult> | null = null;
  private startedAt = -Infinity;
  /** How many launches ran (tests and logs). */
  launches = 0;

  constructor(private readonly o: BrowserCheckOptions) {}

  async status(): Promise<BrowserCheckResult> {
    const now = this.o.now ?? Date.now;
    let executable: string;
    try {
      executable = this.o.findExecutable();
    } catch (err) {
      return { ok: false, detail: describeError(err), checkedAt: new Date(now()) };
    }
    if (!this.inFlight && now() - this.startedAt >= (this.o.maxAgeMs ?? 60_000)) this.refresh(executable);
    if (this.last) return this.last;
    const waited = await Promise.race([this.inFlight, new Promise<null>((r) => setTimeout(() => r(null), this.o.firstWaitMs ?? 2_000).unref())]);
    return waited ?? { ok: false, detail: "the first browser launch check has not finished yet", checkedAt: new Date(now()) };
  }

  private refresh(executable: string): void {
    const now = this.o.now ?? Date.now;
    this.startedAt = now();
    this.launches += 1;
    this.inFlight = this.o
      .launch()
      .then(
        (): BrowserCheckResult => ({ ok: true, detail: executable, checkedAt: new Date(now()) }),
        (err: unknown): BrowserCheckResult => ({ ok: false, detail: `${executable} did not start: ${describeError(err)}`, checkedAt: new Date(now()) }),
      )
      .then((result) => {
        this.last = result;
        this.inFlight = null;
        return result;
      });
  }
}
