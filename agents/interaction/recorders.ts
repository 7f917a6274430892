import type { BlockedLookup } from "@/agents/safety/block-log";
import type { BrowserContext, CDPSession, Page, Request } from "playwright-core";
import type { ConsentSignals, FingerprintEvent, RecordedRequest, StorageItem } from "@/agents/evidence/schema";
import { parseSetCookie, type HeaderCookie, type JarCookie, type ScriptCookieWrite } from "./cookies";
import { INSTRUMENT_BINDING, INSTRUMENT_SCRIPT, type InstrumentEvent } from "./instruments";
import { READ_SIGNALS_SCRIPT } from "./page-scripts";
import { WebSocketRecorder } from "./websocket-recorder";

export const BODY_SAMPLE_BYTES = 16 * 1024;
/** Cookie headers are kept (capped) so personal data a cookie carries to a third party is seen. */
export const COOKIE_HEADER_SAMPLE = 4 * 1024;

interface PendingRequest {
  record: RecordedRequest;
  at: number;
}

/**
 * Records one visitor's traffic and in-page instrument events. All state lives here; the
 * session asks for the evidence at the end. Never throws into Playwright's event loop.
 */
export class SessionRecorder {
  private readonly requests = new Map<Request, PendingRequest>();
  private readonly order: PendingRequest[] = [];
  readonly headerCookies: HeaderCookie[] = [];
  readonly scriptCookies: ScriptCookieWrite[] = [];
  readonly storageWriters = new Map<string, string | null>();
  readonly fingerprinting: FingerprintEvent[] = [];
  private readonly navigationStart = new Map<Page, number>();
  private readonly initiators = new Map<string, string>();
  private readonly cdpSessions: CDPSession[] = [];
  private seq = 0;
  consentAt: number | null = null;
  readonly webSockets = new WebSocketRecorder(() => this.consentAt);
  /** Refusals of the SSRF egress proxy, by request URL. */
  blocked: BlockedLookup = new Map<string, string>();

  constructor(private readonly context: BrowserContext) {}

  async attach(): Promise<void> {
    await this.context.exposeBinding(INSTRUMENT_BINDING, ({ frame }, event: InstrumentEvent) => {
      try {
        this.onInstrument(frame.page(), frame.url(), event);
      } catch {
        /* a detached frame */
      }
    });
    await this.context.addInitScript({ content: INSTRUMENT_SCRIPT });
    this.context.on("request", (request) => this.onRequest(request));
    this.context.on("requestfinished", (request) => void this.onFinished(request));
    this.context.on("requestfailed", (request) => this.onFailed(request));
  }

  /** CDP initiator stacks (FIELD.md technique 8): which script caused each request. */
  async watchInitiators(page: Page): Promise<void> {
    this.webSockets.watch(page);
    try {
      const cdp = await this.context.newCDPSession(page);
      this.cdpSessions.push(cdp);
      cdp.on("Network.requestWillBeSent", (event) => {
        const initiator = event.initiator;
        let url: string | null = null;
        const frames = initiator.stack?.callFrames ?? [];
        for (const frame of frames) if (/^https?:/.test(frame.url)) { url = frame.url; break; }
        url ??= initiator.url && /^https?:/.test(initiator.url) ? initiator.url : null;
        if (url && !this.initiators.has(event.request.url)) this.initiators.set(event.request.url, url);
      });
      await cdp.send("Network.enable", { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
    } catch {
      /* CDP unavailable: initiators fall back to the frame URL */
    }
  }

  markNavigation(page: Page): void {
    this.navigationStart.set(page, Date.now());
  }

  markConsent(at = Date.now()): void {
    this.consentAt = at;
  }

  private navStart(page: Page | null): number {
    return (page && this.navigationStart.get(page)) ?? [...this.navigationStart.values()].pop() ?? Date.now();
  }

  private onRequest(request: Request): void {
    try {
      const now = Date.now();
      let frameUrl: string | null = null;
      let page: Page | null = null;
      try {
        const frame = request.frame();
        frameUrl = frame.url();
        page = frame.page();
      } catch {
        /* service worker */
      }
      const post = request.postData();
      const record: RecordedRequest = {
        id: `r${++this.seq}`,
        page_url: page?.url() ?? frameUrl ?? "",
        url: request.url(),
        method: request.method(),
        resource_type: request.resourceType(),
        initiator_url: null,
        frame_url: frameUrl,
        t_since_navigation_ms: now - this.navStart(page),
        t_since_consent_ms: this.consentAt === null ? null : now - this.consentAt,
        status: null,
        post_data_sample: post === null ? null : post.slice(0, BODY_SAMPLE_BYTES),
        body_truncated: post !== null && post.length > BODY_SAMPLE_BYTES,
        request_headers: request.headers(),
        response_set_cookies: [],
        blocked_reason: null,
        failed: null,
      };
      const pending = { record, at: now };
      this.requests.set(request, pending);
      this.order.push(pending);
    } catch {
      /* never break the page */
    }
  }

  private async onFinished(request: Request): Promise<void> {
    const pending = this.requests.get(request);
    if (!pending) return;
    try {
      const response = await request.response();
      if (!response) return;
      pending.record.status = response.status();
      await this.addCookieHeader(request, pending.record);
      const headers = await response.headersArray();
      const setCookies = headers.filter((h) => h.name.toLowerCase() === "set-cookie").flatMap((h) => h.value.split("\n"));
      pending.record.response_set_cookies = setCookies;
      for (const header of setCookies) {
        const parsed = parseSetCookie(header, response.url(), Date.now());
        if (parsed) this.headerCookies.push({ ...parsed, pageUrl: pending.record.page_url || null, at: pending.at });
      }
    } catch {
      /* the page went away */
    }
  }

  /** request.headers() leaves Cookie out; allHeaders() has it once the raw headers are known. */
  private async addCookieHeader(request: Request, record: RecordedRequest): Promise<void> {
    const cookie = (await request.allHeaders().catch(() => ({}) as Record<string, string>)).cookie;
    if (cookie) record.request_headers = { ...record.request_headers, cookie: cookie.slice(0, COOKIE_HEADER_SAMPLE) };
  }

  private onFailed(request: Request): void {
    const pending = this.requests.get(request);
    if (!pending) return;
    const failure = request.failure()?.errorText ?? "failed";
    pending.record.failed = failure;
    const reason = this.blocked.get(request.url());
    if (reason) pending.record.blocked_reason = reason;
    // A beacon or fetch cut short by the next navigation still left with its cookies.
    void this.addCookieHeader(request, pending.record);
    // Redirect responses are reported through the redirected request; record their status too.
  }

  private onInstrument(page: Page, frameUrl: string, event: InstrumentEvent): void {
    const rel = this.consentAt === null ? null : event.t - this.consentAt;
    if (event.kind === "cookie") this.scriptCookies.push({ name: event.name, script: event.script, pageUrl: page.url(), at: event.t });
    else if (event.kind === "storage") {
      let origin = "";
      try {
        origin = new URL(frameUrl).origin;
      } catch {
        /* opaque */
      }
      const key = `${origin} ${event.storage} ${event.key}`;
      if (!this.storageWriters.has(key)) this.storageWriters.set(key, event.script);
    } else {
      this.fingerprinting.push({ kind: event.kind, script_url: event.script, page_url: page.url(), detail: event.detail, t_since_consent_ms: rel });
    }
  }

  /** Requests so far, with initiators resolved and redirect statuses filled in. */
  recordedRequests(): RecordedRequest[] {
    return this.order.map(({ record }) => {
      record.initiator_url ??= this.initiators.get(record.url) ?? null;
      return record;
    });
  }

  async jar(): Promise<JarCookie[]> {
    const cookies = await this.context.cookies();
    return cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      expires: c.expires,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite ?? null,
    }));
  }

  async detach(): Promise<void> {
    await Promise.all(this.cdpSessions.map((s) => s.detach().catch(() => undefined)));
  }
}

const STORAGE_SCRIPT = `(() => {
  const out = [];
  for (const kind of ["localStorage", "sessionStorage"]) {
    try { const s = window[kind]; for (let i = 0; i < s.length && i < 200; i++) { const k = s.key(i); out.push({ kind, key: k, value: String(s.getItem(k)).slice(0, 200) }); } } catch (e) {}
  }
  return { origin: location.origin, items: out };
})()`;

/**
 * A script's answer from a page or frame, or null when it fails or has not answered within ms: a
 * frame whose load Chromium refused never gets a document, and a site's script can hang the call.
 */
export async function evaluateWithin<T>(target: Pick<Page, "evaluate">, script: string, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([(target.evaluate(script) as Promise<T>).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

type FrameStorage = { origin: string; items: Array<{ kind: "localStorage" | "sessionStorage"; key: string; value: string }> };

/**
 * localStorage and sessionStorage of every frame of the page, with the script that wrote each key.
 * Each frame gets a bounded wait (a site's iframe of a file: URL stalled the visitor without one).
 */
export async function readStorage(page: Page, writers: Map<string, string | null>, frameTimeoutMs = 2_000): Promise<StorageItem[]> {
  const found = await Promise.all(
    page.frames().map((frame) =>
      evaluateWithin<FrameStorage>(frame, STORAGE_SCRIPT, frameTimeoutMs),
    ),
  );
  const items: StorageItem[] = [];
  for (const frame of found) {
    if (!frame || frame.origin === "null") continue;
    for (const item of frame.items) {
      items.push({ origin: frame.origin, kind: item.kind, key: item.key, value_sample: item.value, set_by_script: writers.get(`${frame.origin} ${item.kind} ${item.key}`) ?? null });
    }
  }
  return items;
}

/** Consent state the site recorded: cookies plus the page's __uspapi / __gpp / __tcfapi answers. */
export async function readConsentSignals(page: Page, jar: JarCookie[], timeoutMs = 4_000): Promise<ConsentSignals> {
  const cookie = (pattern: RegExp) => jar.find((c) => pattern.test(c.name))?.value ?? null;
  const fromPage = await evaluateWithin<{ uspapi: string | null; gpp_string: string | null; gpp_applicable_sections: number[]; tcf_string: string | null; navigator_gpc: boolean | null }>(page, READ_SIGNALS_SCRIPT, timeoutMs);
  const decode = (v: string | null) => {
    if (v === null) return null;
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  return {
    page_url: page.url(),
    usprivacy_cookie: cookie(/^us_?privacy$|^usprivacy$|^us-privacy$/i),
    uspapi: fromPage?.uspapi ?? null,
    gpp_string: fromPage?.gpp_string ?? null,
    gpp_applicable_sections: fromPage?.gpp_applicable_sections ?? [],
    tcf_string: fromPage?.tcf_string ?? cookie(/^euconsent-v2$/i),
    optanon_consent: decode(cookie(/^OptanonConsent$/)),
    optanon_alert_box_closed: cookie(/^OptanonAlertBoxClosed$/) !== null,
    cookiebot_consent: decode(cookie(/^CookieConsent$/)),
    navigator_gpc: fromPage?.navigator_gpc ?? null,
  };
}
