import type { BrowserContext, BrowserContextOptions, CDPSession, Page } from "playwright-core";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import { userAgentOverride } from "./identity";

/**
 * Context options that present the identity through Playwright, which applies them to every
 * target it attaches before the target runs (pages, frames in other processes, workers, service
 * workers): the user agent, the clock's time zone, viewport and screen. The locale is left out on
 * purpose: Playwright would send it as a bare Accept-Language ("de-DE") from its own session,
 * overriding the full list presentIdentity sets.
 */
export function identityContextOptions(identity: VisitorIdentity): BrowserContextOptions {
  return {
    userAgent: identity.user_agent,
    viewport: identity.viewport,
    screen: { width: identity.screen.width, height: identity.screen.height },
    ...(identity.timezone ? { timezoneId: identity.timezone } : {}),
  };
}

/**
 * Completes the identity on every page of the context with CDP, which Playwright's options cannot
 * express: the client-hint brands with "Google Chrome" and the high-entropy values
 * (userAgentData), the full Accept-Language list with navigator.languages to match, and the Intl
 * locale. context.newPage() resolves only once its page presents the identity, so the first
 * request of every tab (crawl, visitors, checks) already carries it. Workers keep Playwright's
 * user agent and the browser's languages: CDP overrides are per target and Playwright does not
 * expose a worker's session.
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
  await Promise.all([cdp.send("Emulation.setUserAgentOverride", userAgentOverride(identity)), cdp.send("Emulation.setLocaleOverride", { locale: identity.locale })]);
}
