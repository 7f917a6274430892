import type { BrowserContext, BrowserContextOptions, CDPSession, Page } from "playwright-core";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import { userAgentOverride } from "./identity";

/**
 * Context options for what Playwright presents well on every target it attaches: the clock's
 * time zone, viewport and screen. The user agent and locale are left to presentIdentity: Playwright
 * would override them from its own sessions with a user agent without brands (userAgentData.brands
 * empty in workers) and a bare Accept-Language ("de-DE"), and overrides from two sessions mix.
 */
export function identityContextOptions(identity: VisitorIdentity): BrowserContextOptions {
  return {
    viewport: identity.viewport,
    screen: { width: identity.screen.width, height: identity.screen.height },
    ...(identity.timezone ? { timezoneId: identity.timezone } : {}),
  };
}

/**
 * Presents the identity on every page of the context with CDP (Emulation.setUserAgentOverride with
 * userAgentMetadata, and the Intl locale): the user agent, the client hints with their
 * high-entropy values, Accept-Language and navigator.languages. context.newPage() resolves only once
 * its page presents it, so the first request of every tab (crawl, visitors, checks) carries it; the
 * page's workers and out-of-process frames get it before their first line runs. Service workers
 * (registered per origin, not per page) keep the browser's own user agent.
 */
export function presentIdentity(context: BrowserContext, identity: VisitorIdentity): void {
  const ready = new WeakMap<Page, Promise<void>>();
  const present = (page: Page): Promise<void> => {
    let presenting = ready.get(page);
    if (!presenting) {
      presenting = overridePage(context, page, identity).catch(() => undefined);
      ready.set(page, presenting);
    }
    return presenting;
  };
  context.pages().forEach((page) => void present(page));
  context.on("page", (page) => void present(page));
  const openPage = context.newPage.bind(context);
  context.newPage = async () => {
    const page = await openPage();
    await present(page);
    return page;
  };
}

async function overridePage(context: BrowserContext, page: Page, identity: VisitorIdentity): Promise<void> {
  // The session stays attached for the page's life: CDP drops a session's overrides when it detaches.
  const cdp: CDPSession = await context.newCDPSession(page);
  presentToChildTargets(cdp, identity);
  await Promise.all([
    cdp.send("Emulation.setUserAgentOverride", userAgentOverride(identity)),
    cdp.send("Emulation.setLocaleOverride", { locale: identity.locale }),
    cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: false }),
  ]);
}

type AttachedTarget = { sessionId: string; targetInfo: { type: string }; waitingForDebugger: boolean };

/**
 * The page's workers and out-of-process frames: this session attaches to each paused, overrides,
 * then lets it run (a target runs once every client that paused it has let it go; Playwright
 * pauses them too). Unflattened, messages wrapped in Target.sendMessageToTarget, because
 * Playwright's CDPSession cannot address a child session; a target's messages run in order.
 */
function presentToChildTargets(cdp: CDPSession, identity: VisitorIdentity): void {
  const override = userAgentOverride(identity);
  cdp.on("Target.attachedToTarget", (event: AttachedTarget) => {
    let id = 0;
    const send = (method: string, params: object = {}) =>
      cdp.send("Target.sendMessageToTarget", { sessionId: event.sessionId, message: JSON.stringify({ id: ++id, method, params }) }).catch(() => undefined);
    const overrides = ["worker", "iframe"].includes(event.targetInfo.type)
      ? Promise.all([send("Emulation.setUserAgentOverride", override), event.targetInfo.type === "iframe" ? send("Emulation.setLocaleOverride", { locale: identity.locale }) : null])
      : Promise.resolve();
    // Whatever happened above, a target this session paused must run.
    void overrides.finally(() => {
      if (event.waitingForDebugger) void send("Runtime.runIfWaitingForDebugger");
    });
  });
}
