import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { killGroupOrProcess } from "@/agents/process-group";
import { findChromium } from "./chromium-path";
import { firstLine } from "@/agents/error-text";
import { engineSettings, type EngineSettingsInput, type SandboxMode } from "@/agents/settings";
import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";
import { clientHintPlatform, deriveVisitorIdentity, platformToken, releaseVersion } from "./identity";
import { identityContextOptions, presentIdentity } from "./present-identity";

/**
 * Flags for a container with no network but the target's (STACK.md). As root (tests, CI) they
 * also need --no-sandbox: Chromium refuses to run as root with its sandbox (sandboxArgs below).
 */
export const BASE_CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

/**
 * What Playwright's own launcher would add and a scanner needs: pages in background contexts
 * must run their timers at full speed (four visitors share one browser), nothing may prompt,
 * and crash reports go nowhere. --enable-automation is deliberately absent, and headless mode's
 * own navigator.webdriver is switched off: sites (and consent tools that hide from bots) read it
 * to behave differently for bots (identity.ts presents the rest of a person's Chrome).
 */
const DRIVER_CHROMIUM_ARGS = [
  "--headless",
  "--disable-blink-features=AutomationControlled",
  "--hide-scrollbars",
  "--mute-audio",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-renderer-backgrounding",
  "--disable-ipc-flooding-protection",
  "--disable-hang-monitor",
  "--disable-popup-blocking",
  "--disable-prompt-on-repost",
  "--disable-client-side-phishing-detection",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--disable-breakpad",
  "--no-default-browser-check",
  "--password-store=basic",
  "--use-mock-keychain",
  "--metrics-recording-only",
  "--force-color-profile=srgb",
  "--export-tagged-pdf",
  // DevTools on an ephemeral loopback port; Chromium writes it to DevToolsActivePort.
  "--remote-debugging-address=127.0.0.1",
  "--remote-debugging-port=0",
];

/**
 * Switches the scanning engine adds to keep a whole scan within ~1.5 GB on a 2 vCPU/4 GB box:
 * cross-site iframes share their page's renderer instead of getting one process each (site
 * isolation is a defence for people's browsing, not something the evidence depends on: cookie
 * and storage rules are per site either way) and renderers are reused within a visitor.
 */
export const ENGINE_CHROMIUM_ARGS = [
  "--disable-site-isolation-trials",
  "--renderer-process-limit=4",
  // A visitor never goes back; cached pages would only hold memory.
  "--disable-back-forward-cache",
  "--disable-extensions",
  // The GPU is off (--disable-gpu), so a separate GPU process only costs memory. The
  // zygote stays: without it every renderer and utility process starts from scratch, which
  // measured ~3 CPU-seconds more per browser on this 2-core box.
  "--in-process-gpu",
];

export const GPC_INIT_SCRIPT = `(() => {
  try {
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true, enumerable: true });
  } catch (e) {}
})();`;

// Real Chrome users mostly allow third-party cookies. Chromium blocks them in off-the-record
// contexts unless the profile's cookie_controls_mode is 0 ("allow"), and every visitor is an
// off-the-record context of this profile, so the preference is written before launch.
const PROFILE_PREFERENCES = JSON.stringify({ profile: { cookie_controls_mode: 0 } });

export interface ScanBrowserOptions {
  /** Chromium's path, sandbox, environment; the defaults for resolver rules and HTTPS errors. */
  settings?: EngineSettingsInput;
  /** Overrides settings.hostResolverRules (tests map real hostnames to the local test web). */
  hostResolverRules?: string;
  /** Extra switches appended to the base set (e.g. ENGINE_CHROMIUM_ARGS). */
  extraArgs?: string[];
  launchTimeoutMs?: number;
  /** What every visitor of this browser starts from (the scan's region); a visitor's own options win. */
  visitorDefaults?: VisitorOptions;
}

export interface VisitorOptions {
  /** Send Sec-GPC: 1 on every request and expose navigator.globalPrivacyControl === true. */
  gpc?: boolean;
  /** Write a HAR of the visitor's traffic to this path when it closes. */
  harPath?: string;
  /** Replaces the derived Chrome user agent (identity.ts); normally left unset. */
  userAgent?: string;
  viewport?: { width: number; height: number };
  /** The visitor's locale (BCP 47, default "en-US"): languages, Accept-Language and Intl follow it. */
  locale?: string;
  /** IANA time zone of the visitor's clock (e.g. "Europe/Berlin"); default: the browser's own. */
  timezoneId?: string;
  /** Overrides the browser's settings.ignoreHTTPSErrors. */
  ignoreHTTPSErrors?: boolean;
}

/** One visitor: a fresh, isolated browser context (own cookie jar, storage and cache). */
export interface BrowserSession {
  context: BrowserContext;
  /** Chromium's version, for the report's metadata. */
  browserVersion: string;
  /** How this visitor presents itself to sites (user agent, client hints, languages, screen). */
  identity: VisitorIdentity;
  newPage(): Promise<Page>;
  /** The visitor's first tab (opened on demand). */
  firstPage(): Promise<Page>;
  close(): Promise<void>;
}

/** One Chromium for a whole scan: the visitors are contexts in it, so the launch is paid once. */
export interface ScanBrowser {
  readonly version: string;
  readonly browser: Browser;
  openVisitor(options?: VisitorOptions): Promise<BrowserSession>;
  /** True once Chromium has exited or the connection dropped. */
  readonly closed: boolean;
  close(): Promise<void>;
}

export class BrowserLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrowserLaunchError";
  }
}

let sandboxUnavailable = false;

/**
 * Chromium's sandbox (user namespaces and seccomp-bpf) confines a compromised renderer; use it
 * wherever it can start. Root cannot use it (Chromium refuses), and a container whose seccomp
 * profile forbids user namespaces (Docker's default, Fargate) cannot start it: "auto" then falls
 * back to --no-sandbox once and says so (docs/deploy.md lists what compensates).
 */
export function sandboxArgs(mode: SandboxMode, isRoot = process.getuid?.() === 0): string[] {
  if (mode === "off" || (mode === "auto" && (isRoot || sandboxUnavailable))) return ["--no-sandbox"];
  return [];
}

const SANDBOX_FAILURE = /sandbox/i;

async function makeProfileDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "apo-profile-"));
  await mkdir(join(dir, "Default"), { recursive: true });
  await writeFile(join(dir, "Default", "Preferences"), PROFILE_PREFERENCES);
  return dir;
}

/** Waits for Chromium to announce its DevTools port, or for it to die, or for the deadline. */
async function waitForDevToolsPort(child: ChildProcess, profileDir: string, stderrTail: () => string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const portFile = join(profileDir, "DevToolsActivePort");
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new BrowserLaunchError(`Chromium exited during start-up (${child.signalCode ?? `code ${child.exitCode}`}): ${stderrTail() || "no output"}`);
    }
    const text = await readFile(portFile, "utf8").catch(() => "");
    const port = Number(text.split("\n")[0]);
    // The file is written in one go, but a reader can still see it half-written.
    if (text.includes("\n") && Number.isInteger(port) && port > 0) return port;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new BrowserLaunchError(`Chromium did not start within ${timeoutMs / 1000} s: ${stderrTail() || "no output"}`);
}

// Chromium runs in its own process group; if this process exits without closing it (a crash,
// process.exit), the group would outlive us. Kill what is left on the way out.
const liveBrowsers = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackBrowser(child: ChildProcess): void {
  liveBrowsers.add(child);
  child.once("exit", () => liveBrowsers.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const browser of liveBrowsers) killTree(browser, "SIGKILL");
  });
}

/** Chromium runs in its own process group (detached): renderers and utilities go with it. */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  killGroupOrProcess(child.pid, signal);
}

/**
 * Launches the scan's Chromium. The only place the project starts a browser: everything else
 * receives a ScanBrowser, a visitor or a page. Chromium is started by us (not Playwright's
 * launcher) because only a browser with our own profile directory can give off-the-record
 * contexts the "allow third-party cookies" setting; Playwright then attaches over CDP.
 */
export async function launchScanBrowser(options: ScanBrowserOptions = {}): Promise<ScanBrowser> {
  try {
    return await launchWithSandboxFallback(options);
  } catch (error) {
    // Several Chromiums starting at once on a loaded machine now and then crash while starting
    // (SIGSEGV before the first page, seen in the three-process scale test): one more try.
    if (!(error instanceof BrowserLaunchError) || !CRASHED_AT_START.test(error.message)) throw error;
    return launchWithSandboxFallback(options);
  }
}

const CRASHED_AT_START = /exited during start-up \(SIG(?:SEGV|BUS|ILL|TRAP|ABRT)\)/;

async function launchWithSandboxFallback(options: ScanBrowserOptions): Promise<ScanBrowser> {
  const mode = engineSettings(options.settings).chromiumSandbox;
  const sandbox = sandboxArgs(mode);
  try {
    return await launchOnce(options, sandbox);
  } catch (error) {
    if (mode !== "auto" || sandbox.length > 0 || !(error instanceof BrowserLaunchError) || !SANDBOX_FAILURE.test(error.message)) throw error;
    sandboxUnavailable = true;
    process.emitWarning(`Chromium's sandbox cannot start here (${firstLine(error)}); scans run with --no-sandbox (see docs/deploy.md)`, { code: "APO_NO_SANDBOX" });
    return launchOnce(options, sandboxArgs(mode));
  }
}

async function launchOnce(options: ScanBrowserOptions, sandbox: string[]): Promise<ScanBrowser> {
  const settings = engineSettings(options.settings);
  const executable = findChromium(settings.chromiumPath);
  const rules = options.hostResolverRules ?? settings.hostResolverRules;
  const profileDir = await makeProfileDir();
  const args = [...sandbox, ...BASE_CHROMIUM_ARGS, ...DRIVER_CHROMIUM_ARGS, `--user-data-dir=${profileDir}`];
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  if (options.extraArgs) args.push(...options.extraArgs);
  args.push("about:blank");

  // Only the environment the settings give (an allow-list, lib/env.ts): none of the server's secrets.
  const child = spawn(executable, args, { detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...settings.chromiumEnv } as NodeJS.ProcessEnv });
  trackBrowser(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2_000);
  });
  const stderrTail = () => stderr.trim().split("\n").slice(-3).join(" | ");
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  const exitedWithin = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  const removeProfile = () => rm(profileDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  const abandon = async () => {
    killTree(child, "SIGKILL");
    await exitedWithin(2_000);
    await removeProfile();
  };

  let browser: Browser;
  try {
    const spawnError = new Promise<never>((_, reject) => child.once("error", (e) => reject(new BrowserLaunchError(`could not run ${executable}: ${e.message}`))));
    // Only the race below listens; an "error" after it has settled must not go unhandled.
    spawnError.catch(() => undefined);
    const port = await Promise.race([waitForDevToolsPort(child, profileDir, stderrTail, options.launchTimeoutMs ?? 30_000), spawnError]);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: options.launchTimeoutMs ?? 30_000 });
  } catch (error) {
    await abandon();
    throw error instanceof BrowserLaunchError ? error : new BrowserLaunchError(`could not connect to Chromium: ${firstLine(error)}`);
  }
  try {
    await refuseLocalPages(browser);
  } catch (error) {
    await browser.close().catch(() => undefined);
    await abandon();
    throw new BrowserLaunchError(`could not block local URLs in Chromium: ${firstLine(error)}`);
  }
  // The tab Chromium opened with is not any visitor's: close it so it holds no renderer.
  for (const page of browser.contexts().flatMap((c) => c.pages())) await page.close().catch(() => undefined);

  let closed = false;
  let closing: Promise<void> | null = null;
  browser.on("disconnected", () => {
    closed = true;
  });
  void exited.then(() => {
    closed = true;
  });
  const version = browser.version();
  const nativeUserAgent = await nativeUserAgentOf(browser);

  return {
    version,
    browser,
    get closed() {
      return closed;
    },
    openVisitor: (visitorOptions = {}) =>
      openVisitor(browser, version, nativeUserAgent, { ignoreHTTPSErrors: settings.ignoreHTTPSErrors, ...definedVisitorOptions(options.visitorDefaults ?? {}), ...definedVisitorOptions(visitorOptions) }),
    close() {
      closed = true;
      closing ??= (async () => {
        await browser.close().catch(() => undefined);
        killTree(child, "SIGTERM");
        if (!(await exitedWithin(3_000))) {
          killTree(child, "SIGKILL");
          await exitedWithin(2_000);
        }
        await removeProfile();
      })();
      return closing;
    },
  };
}

/**
 * URL patterns no page of the scan's browser may load, whoever asks: local files (also through
 * view-source:) and the file system API. The engine's URL gate refuses them before navigating
 * (agents/safety/url-gate.ts); this is the browser's own refusal, should a code path forget the
 * gate. Chromium already refuses them to web content (links, redirects, frames, window.open), but
 * not to page.goto().
 */
const BLOCKED_URL_PATTERNS = ["file:*", "view-source:*", "filesystem:*"];

/** Browser pages (served inside Chromium, never through its network stack, so Fetch cannot see them). */
const BROWSER_PAGE = /^(chrome|chrome-untrusted|chrome-extension|chrome-search|devtools):/i;

type TargetInfo = { targetId: string; type: string; url: string };

/**
 * Two guards on the browser target, for every context: the Fetch domain fails requests for the
 * blocked patterns (only matching requests pause, so web traffic is untouched and the HTTP cache
 * stays on, unlike Playwright's route(), which pauses every request; CDP's Network.setBlockedURLs
 * does not stop file: navigations), and a page or frame that commits a browser page
 * (chrome://version shows the command line) is closed at once, before a navigation to it
 * resolves. A managed URLBlocklist policy does both at the browser's core; the Docker image
 * installs one (Dockerfile), but only root can write it.
 */
async function refuseLocalPages(browser: Browser): Promise<void> {
  const cdp = await browser.newBrowserCDPSession();
  cdp.on("Fetch.requestPaused", (event: { requestId: string }) => {
    void cdp.send("Fetch.failRequest", { requestId: event.requestId, errorReason: "BlockedByClient" }).catch(() => undefined);
  });
  const closeBrowserPage = ({ targetInfo }: { targetInfo: TargetInfo }) => {
    // Chromium's own UI (type browser_ui) lives on chrome:// too: only what a visitor's page shows counts.
    if ((targetInfo.type === "page" || targetInfo.type === "iframe") && BROWSER_PAGE.test(targetInfo.url)) {
      void cdp.send("Target.closeTarget", { targetId: targetInfo.targetId }).catch(() => undefined);
    }
  };
  cdp.on("Target.targetCreated", closeBrowserPage);
  cdp.on("Target.targetInfoChanged", closeBrowserPage);
  await cdp.send("Target.setDiscoverTargets", { discover: true });
  await cdp.send("Fetch.enable", { patterns: BLOCKED_URL_PATTERNS.map((urlPattern) => ({ urlPattern })) });
}

/** A visitor whose close() also closes the browser it lives in (a browser opened for it alone). */
export async function openSoleVisitor(owner: { close(): Promise<void> }, open: () => Promise<BrowserSession>): Promise<BrowserSession> {
  try {
    const session = await open();
    return {
      ...session,
      async close() {
        await session.close();
        await owner.close();
      },
    };
  } catch (error) {
    await owner.close();
    throw error;
  }
}

/** A visitor option passed as undefined keeps the browser's default. */
function definedVisitorOptions(options: VisitorOptions): VisitorOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as VisitorOptions;
}

/** The browser's own user agent (HeadlessChrome/…), whose platform token the visitors keep. */
async function nativeUserAgentOf(browser: Browser): Promise<string | null> {
  const cdp = await browser.newBrowserCDPSession().catch(() => null);
  if (!cdp) return null;
  try {
    return (await cdp.send("Browser.getVersion")).userAgent;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The visitor's identity: a person's Chrome on this browser's platform, in the visitor's locale. */
function visitorIdentity(version: string, nativeUserAgent: string | null, options: VisitorOptions): VisitorIdentity {
  const onLinux = clientHintPlatform(platformToken(nativeUserAgent)) === "Linux";
  const identity = deriveVisitorIdentity({
    browserVersion: version,
    nativeUserAgent,
    // Chrome on Linux reports the kernel's version; Chromium runs on this machine's kernel.
    platformVersion: onLinux ? releaseVersion(release()) : "",
    locale: options.locale,
    timezoneId: options.timezoneId,
    viewport: options.viewport,
  });
  return options.userAgent ? { ...identity, user_agent: options.userAgent } : identity;
}

async function openVisitor(browser: Browser, version: string, nativeUserAgent: string | null, options: VisitorOptions): Promise<BrowserSession> {
  const identity = visitorIdentity(version, nativeUserAgent, options);
  const context = await browser.newContext({
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    acceptDownloads: false,
    ...identityContextOptions(identity),
    extraHTTPHeaders: options.gpc ? { "Sec-GPC": "1" } : undefined,
    recordHar: options.harPath ? { path: options.harPath, content: "omit" } : undefined,
  });
  presentIdentity(context, identity);
  if (options.gpc) await context.addInitScript({ content: GPC_INIT_SCRIPT });
  hardenContext(context);
  let closed = false;
  return {
    context,
    browserVersion: version,
    identity,
    newPage: () => context.newPage(),
    firstPage: async () => context.pages()[0] ?? context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      // Closing the context also writes its HAR file.
      await context.close().catch(() => undefined);
    },
  };
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
