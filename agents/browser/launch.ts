import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { getEnv } from "@/lib/env";
import { findChromium } from "./chromium-path";

/**
 * Switches the scanning engine adds to keep four visitors within ~1.5 GB on a 2 vCPU/4 GB box:
 * cross-site iframes share their page's renderer instead of getting one process each (site
 * isolation is a defence for people's browsing, not something the evidence depends on: cookie
 * and storage rules are per site either way), and one visitor uses at most two renderers.
 */
export const ENGINE_CHROMIUM_ARGS = [
  "--disable-site-isolation-trials",
  "--renderer-process-limit=2",
  // A visitor never goes back; cached pages would only hold memory.
  "--disable-back-forward-cache",
  "--disable-extensions",
  // No sandbox is in use (BASE_CHROMIUM_ARGS), so the zygote and a separate GPU process only cost memory.
  "--no-zygote",
  "--in-process-gpu",
];

/** Flags that work as root in a container with no network but the target's (STACK.md). */
export const BASE_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

export const GPC_INIT_SCRIPT = `(() => {
  try {
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true, enumerable: true });
  } catch (e) {}
})();`;

export interface BrowserSessionOptions {
  /** Send Sec-GPC: 1 on every request and expose navigator.globalPrivacyControl === true. */
  gpc?: boolean;
  /** Write a HAR of the whole session to this path when the session closes. */
  harPath?: string;
  userAgent?: string;
  viewport?: { width: number; height: number };
  locale?: string;
  /** Overrides APO_HOST_RESOLVER_RULES (tests map real hostnames to the local test web). */
  hostResolverRules?: string;
  /** Overrides APO_IGNORE_HTTPS_ERRORS. */
  ignoreHTTPSErrors?: boolean;
  headless?: boolean;
  /** Extra Chromium switches appended to BASE_CHROMIUM_ARGS (e.g. ENGINE_CHROMIUM_ARGS). */
  extraArgs?: string[];
}

export interface BrowserSession {
  context: BrowserContext;
  /** Chromium's version, for the report's metadata. */
  browserVersion: string;
  newPage(): Promise<Page>;
  /** The tab the browser opened with (or a new one): one fewer renderer than newPage(). */
  firstPage(): Promise<Page>;
  close(): Promise<void>;
}

// Real Chrome users mostly allow third-party cookies; a fresh Playwright context blocks them,
// which would hide tracking cookies. A persistent profile with cookie_controls_mode 0 allows them.
const PROFILE_PREFERENCES = JSON.stringify({ profile: { cookie_controls_mode: 0 } });

async function makeProfileDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "apo-profile-"));
  await mkdir(join(dir, "Default"), { recursive: true });
  await writeFile(join(dir, "Default", "Preferences"), PROFILE_PREFERENCES);
  return dir;
}

/**
 * Opens one visitor: a fresh Chromium profile in its own browser context. The only function in
 * the project that launches Chromium; everything else receives a context or a page.
 */
export async function openBrowserSession(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const env = getEnv();
  const rules = options.hostResolverRules ?? env.APO_HOST_RESOLVER_RULES;
  const args = [...BASE_CHROMIUM_ARGS];
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  if (options.extraArgs) args.push(...options.extraArgs);

  const profileDir = await makeProfileDir();
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: findChromium(),
      headless: options.headless ?? true,
      args,
      ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? env.APO_IGNORE_HTTPS_ERRORS,
      acceptDownloads: false,
      userAgent: options.userAgent,
      viewport: options.viewport ?? { width: 1366, height: 900 },
      locale: options.locale ?? "en-US",
      extraHTTPHeaders: options.gpc ? { "Sec-GPC": "1" } : undefined,
      recordHar: options.harPath ? { path: options.harPath, content: "omit" } : undefined,
      timeout: 30_000,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }

  if (options.gpc) await context.addInitScript({ content: GPC_INIT_SCRIPT });
  hardenContext(context);
  const browserVersion = context.browser()?.version() ?? (await readVersion(context));

  let closed = false;
  return {
    context,
    browserVersion,
    newPage: () => context.newPage(),
    // launchPersistentContext opens one tab already; reusing it saves a renderer.
    firstPage: async () => context.pages().find((p) => p.url() === "about:blank") ?? context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

async function readVersion(context: BrowserContext): Promise<string> {
  const page = context.pages()[0] ?? (await context.newPage());
  const ua = await page.evaluate(() => navigator.userAgent).catch(() => "");
  return /Chrome\/([\d.]+)/.exec(ua)?.[1] ?? "unknown";
}

/** A site must not be able to stall a scan with dialogs or pop-up windows. */
function hardenContext(context: BrowserContext): void {
  const guardPage = (page: Page) => {
    page.on("dialog", (dialog) => void dialog.dismiss().catch(() => undefined));
    page.on("popup", (popup) => void popup.close().catch(() => undefined));
  };
  context.pages().forEach(guardPage);
  context.on("page", guardPage);
}
