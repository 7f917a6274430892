import type { VisitorIdentity } from "@/lib/schemas/visitor-identity";

/**
 * The identity a visitor presents: the desktop Chrome a person uses, at the real browser's major
 * version and on its real platform, speaking the scan's locale. Consent tools hide their banner
 * from anything that looks like a bot (HeadlessChrome, navigator.webdriver), so a scanner that
 * looks like one reports "no banner" where people see one. Pure: present-identity.ts applies it.
 */

export const DEFAULT_LOCALE = "en-US";
export const DEFAULT_VIEWPORT = { width: 1366, height: 900 } as const;

export interface IdentityInputs {
  /** Chromium's full version, e.g. "156.0.8078.114" (Browser.getVersion). */
  browserVersion: string;
  /** The browser's own user agent (HeadlessChrome/…): its platform token is kept. */
  nativeUserAgent?: string | null;
  /** The OS version a real Chrome reports for its platform (Linux: the kernel's, e.g. "6.1.0"). */
  platformVersion?: string;
  locale?: string;
  timezoneId?: string;
  viewport?: { width: number; height: number };
}

// The user agent Chrome sends on Linux when the platform cannot be read from the browser.
const FALLBACK_PLATFORM_TOKEN = "X11; Linux x86_64";

// Common desktop screens, smallest first: the visitor's is the first that holds the viewport
// plus the browser's own toolbars, so window and screen sizes agree as on a person's desktop.
const DESKTOP_SCREENS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1536, height: 864 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
  { width: 3840, height: 2160 },
] as const;
const BROWSER_CHROME_PX = 120;

/** The platform token of a user agent, e.g. "X11; Linux x86_64" or "Windows NT 10.0; Win64; x64". */
export function platformToken(userAgent: string | null | undefined): string {
  return /^Mozilla\/5\.0 \(([^)]+)\)/.exec(userAgent ?? "")?.[1] ?? FALLBACK_PLATFORM_TOKEN;
}

/** Sec-CH-UA-Platform for a platform token, as Chrome names it. */
export function clientHintPlatform(token: string): string {
  if (/Windows/.test(token)) return "Windows";
  if (/Macintosh|Mac OS X/.test(token)) return "macOS";
  if (/CrOS/.test(token)) return "Chrome OS";
  if (/Android/.test(token)) return "Android";
  if (/Linux|X11/.test(token)) return "Linux";
  return "Unknown";
}

/** A regular (reduced) Chrome user agent: minor versions are always 0.0.0 since Chrome 101. */
export function chromeUserAgent(major: number, token: string): string {
  return `Mozilla/5.0 (${token}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

/**
 * Chrome's brand list, reproduced from Chromium (components/embedder_support/user_agent_utils.cc,
 * GenerateBrandVersionList with the updated GREASE algorithm): the seed is the major version, which
 * picks the GREASE brand's characters and version and the order of the three brands. Returned as
 * [brands with major versions, full version list].
 */
export function chromeBrands(fullVersion: string): [Array<{ brand: string; version: string }>, Array<{ brand: string; version: string }>] {
  const major = majorOf(fullVersion);
  const greaseChars = [" ", "(", ":", "-", ".", "/", ")", ";", "=", "?", "_"];
  const greaseVersions = ["8", "99", "24"];
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ] as const;
  const order = orders[major % orders.length] ?? orders[0];
  const greaseBrand = `Not${greaseChars[major % greaseChars.length]}A${greaseChars[(major + 1) % greaseChars.length]}Brand`;
  const greaseVersion = greaseVersions[major % greaseVersions.length] ?? "8";
  const place = <T>(grease: T, chromium: T, chrome: T): T[] => {
    const list: T[] = [grease, grease, grease];
    list[order[0]] = grease;
    list[order[1]] = chromium;
    list[order[2]] = chrome;
    return list;
  };
  return [
    place({ brand: greaseBrand, version: greaseVersion }, { brand: "Chromium", version: String(major) }, { brand: "Google Chrome", version: String(major) }),
    place({ brand: greaseBrand, version: `${greaseVersion}.0.0.0` }, { brand: "Chromium", version: fullVersion }, { brand: "Google Chrome", version: fullVersion }),
  ];
}

/**
 * navigator.languages for a locale, as a fresh Chrome set to it has them: the locale, its bare
 * language, then English (which Chrome keeps as a fallback for other languages).
 */
export function localeLanguages(locale: string): string[] {
  const canonical = canonicalLocale(locale);
  const language = new Intl.Locale(canonical).language;
  const languages = [canonical, language];
  if (language !== "en") languages.push("en-US", "en");
  return [...new Set(languages)];
}

/** The Accept-Language header Chromium builds from a language list (net::HttpUtil::GenerateAcceptLanguageHeader). */
export function acceptLanguageHeader(languages: readonly string[]): string {
  let q10 = 10;
  return languages
    .map((language) => {
      const entry = q10 === 10 ? language : `${language};q=0.${q10}`;
      // q never reaches 0: the tail of a long list all share q=0.1.
      if (q10 > 1) q10 -= 1;
      return entry;
    })
    .join(",");
}

/** "6.1.0" from a kernel release such as "6.1.0-27-amd64" (what Chrome on Linux reports). */
export function releaseVersion(release: string): string {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  return match ? `${match[1]}.${match[2]}.${match[3] ?? "0"}` : "";
}

/** The smallest common desktop screen that holds the viewport and the browser's toolbars. */
export function desktopScreen(viewport: { width: number; height: number }): { width: number; height: number; color_depth: number } {
  const fits = DESKTOP_SCREENS.find((s) => s.width >= viewport.width && s.height >= viewport.height + BROWSER_CHROME_PX);
  const screen = fits ?? { width: viewport.width, height: viewport.height + BROWSER_CHROME_PX };
  return { width: screen.width, height: screen.height, color_depth: 24 };
}

function majorOf(version: string): number {
  const major = Number.parseInt(version, 10);
  if (!Number.isInteger(major) || major <= 0) throw new RangeError(`not a browser version: "${version}"`);
  return major;
}

function canonicalLocale(locale: string): string {
  const [canonical] = Intl.getCanonicalLocales(locale);
  if (!canonical) throw new RangeError(`not a locale: "${locale}"`);
  return canonical;
}

/** Everything a visitor presents, consistent with itself, from the real browser and the scan's locale. */
export function deriveVisitorIdentity(inputs: IdentityInputs): VisitorIdentity {
  const token = platformToken(inputs.nativeUserAgent);
  const [brands, fullVersionList] = chromeBrands(inputs.browserVersion);
  const locale = canonicalLocale(inputs.locale ?? DEFAULT_LOCALE);
  const languages = localeLanguages(locale);
  const viewport = { ...(inputs.viewport ?? DEFAULT_VIEWPORT) };
  return {
    user_agent: chromeUserAgent(majorOf(inputs.browserVersion), token),
    brands,
    full_version_list: fullVersionList,
    platform: clientHintPlatform(token),
    platform_version: inputs.platformVersion ?? "",
    architecture: /arm|aarch64/i.test(token) ? "arm" : "x86",
    bitness: /64/.test(token) ? "64" : "32",
    mobile: false,
    locale,
    languages,
    accept_language: acceptLanguageHeader(languages),
    timezone: inputs.timezoneId ?? null,
    viewport,
    screen: desktopScreen(viewport),
    webdriver: false,
  };
}

/** The CDP Emulation.setUserAgentOverride parameters that present the identity (headers, navigator, client hints). */
export function userAgentOverride(identity: VisitorIdentity) {
  return {
    userAgent: identity.user_agent,
    // Chromium adds the q-values itself (acceptLanguageHeader above reproduces them).
    acceptLanguage: identity.languages.join(","),
    userAgentMetadata: {
      brands: identity.brands,
      fullVersionList: identity.full_version_list,
      fullVersion: identity.full_version_list.find((b) => b.brand === "Google Chrome")?.version,
      platform: identity.platform,
      platformVersion: identity.platform_version,
      architecture: identity.architecture,
      model: "",
      mobile: identity.mobile,
      bitness: identity.bitness,
      wow64: false,
    },
  };
}
