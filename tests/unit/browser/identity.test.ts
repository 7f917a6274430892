import { describe, expect, it } from "vitest";
import {
  acceptLanguageHeader,
  chromeBrands,
  deriveVisitorIdentity,
  desktopScreen,
  localeLanguages,
  releaseVersion,
  userAgentOverride,
} from "@/agents/browser/identity";
import { describeVisitorIdentity, VisitorIdentitySchema } from "@/lib/schemas/visitor-identity";

const HEADLESS_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
const HEADLESS_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";

describe("visitor identity derivation", () => {
  it("turns the browser's HeadlessChrome user agent into a regular Chrome one on the same platform", () => {
    const identity = deriveVisitorIdentity({ browserVersion: "156.0.8078.114", nativeUserAgent: HEADLESS_LINUX, platformVersion: "6.1.0" });
    expect(identity.user_agent).toBe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    expect(identity.user_agent).not.toMatch(/headless/i);
    expect(identity.platform).toBe("Linux");
    expect(identity.platform_version).toBe("6.1.0");
    expect([identity.architecture, identity.bitness, identity.mobile, identity.webdriver]).toEqual(["x86", "64", false, false]);
    expect(VisitorIdentitySchema.parse(identity)).toEqual(identity);
  });

  it("keeps a Windows platform token and names the platform as Chrome does", () => {
    const identity = deriveVisitorIdentity({ browserVersion: "131.0.6778.85", nativeUserAgent: HEADLESS_WINDOWS });
    expect(identity.user_agent).toBe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
    expect(identity.platform).toBe("Windows");
  });

  it("falls back to Chrome's Linux token when the browser's own user agent is unknown", () => {
    expect(deriveVisitorIdentity({ browserVersion: "156.0.1.2", nativeUserAgent: null }).user_agent).toContain("(X11; Linux x86_64)");
  });

  it("reproduces Chromium's brand list: GREASE brand, order and versions seeded by the major version", () => {
    // Chromium 156's own brands (observed in Debian's Chromium): Not:A-Brand 8 before Chromium.
    const [brands156, full156] = chromeBrands("156.0.8078.114");
    expect(brands156).toEqual([
      { brand: "Not:A-Brand", version: "8" },
      { brand: "Chromium", version: "156" },
      { brand: "Google Chrome", version: "156" },
    ]);
    expect(full156).toEqual([
      { brand: "Not:A-Brand", version: "8.0.0.0" },
      { brand: "Chromium", version: "156.0.8078.114" },
      { brand: "Google Chrome", version: "156.0.8078.114" },
    ]);
    // Chrome 131 sends: "Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24".
    expect(chromeBrands("131.0.6778.85")[0]).toEqual([
      { brand: "Google Chrome", version: "131" },
      { brand: "Chromium", version: "131" },
      { brand: "Not_A Brand", version: "24" },
    ]);
    for (const major of [120, 121, 122, 123, 124, 125]) expect(chromeBrands(`${major}.0.0.0`)[0].map((b) => b.brand).join()).not.toMatch(/headless/i);
  });

  it("derives languages and Accept-Language from the locale as Chrome does", () => {
    expect(localeLanguages("en-US")).toEqual(["en-US", "en"]);
    expect(localeLanguages("de-DE")).toEqual(["de-DE", "de", "en-US", "en"]);
    expect(localeLanguages("pt-br")).toEqual(["pt-BR", "pt", "en-US", "en"]);
    expect(localeLanguages("fr")).toEqual(["fr", "en-US", "en"]);
    expect(acceptLanguageHeader(["en-US", "en"])).toBe("en-US,en;q=0.9");
    expect(acceptLanguageHeader(["de-DE", "de", "en-US", "en"])).toBe("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7");
    expect(acceptLanguageHeader(Array.from({ length: 12 }, (_, i) => `l${i}`)).split(",").slice(-3)).toEqual(["l9;q=0.1", "l10;q=0.1", "l11;q=0.1"]);

    const identity = deriveVisitorIdentity({ browserVersion: "156.0.8078.114", nativeUserAgent: HEADLESS_LINUX, locale: "fr-CA", timezoneId: "America/Toronto" });
    expect([identity.locale, identity.accept_language, identity.timezone]).toEqual(["fr-CA", "fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7", "America/Toronto"]);
    expect(deriveVisitorIdentity({ browserVersion: "156.0.8078.114" })).toMatchObject({ locale: "en-US", accept_language: "en-US,en;q=0.9", timezone: null });
  });

  it("refuses a locale or version that is not one", () => {
    expect(() => deriveVisitorIdentity({ browserVersion: "156.0.0.0", locale: "not a locale!" })).toThrow(RangeError);
    expect(() => deriveVisitorIdentity({ browserVersion: "unknown" })).toThrow(RangeError);
  });

  it("puts the viewport on a common desktop screen with room for the browser's toolbars", () => {
    expect(desktopScreen({ width: 1366, height: 900 })).toEqual({ width: 1920, height: 1080, color_depth: 24 });
    expect(desktopScreen({ width: 1280, height: 640 })).toEqual({ width: 1366, height: 768, color_depth: 24 });
    expect(desktopScreen({ width: 5000, height: 3000 })).toEqual({ width: 5000, height: 3120, color_depth: 24 });
    const identity = deriveVisitorIdentity({ browserVersion: "156.0.8078.114", viewport: { width: 1440, height: 800 } });
    expect(identity.screen.width).toBeGreaterThanOrEqual(identity.viewport.width);
    expect(identity.screen.height).toBeGreaterThan(identity.viewport.height);
  });

  it("reads the kernel version a Linux Chrome reports", () => {
    expect(releaseVersion("6.1.0-27-amd64")).toBe("6.1.0");
    expect(releaseVersion("5.15")).toBe("5.15.0");
    expect(releaseVersion("weird")).toBe("");
  });

  it("builds the CDP override from the identity: plain language list (Chromium adds q-values) and the full client-hint metadata", () => {
    const identity = deriveVisitorIdentity({ browserVersion: "156.0.8078.114", nativeUserAgent: HEADLESS_LINUX, locale: "de-DE" });
    const override = userAgentOverride(identity);
    expect(override.acceptLanguage).toBe("de-DE,de,en-US,en");
    expect(override.userAgent).toBe(identity.user_agent);
    expect(override.userAgentMetadata).toMatchObject({ brands: identity.brands, fullVersion: "156.0.8078.114", platform: "Linux", mobile: false, bitness: "64" });
  });

  it("describes the identity in one report line", () => {
    const line = describeVisitorIdentity(deriveVisitorIdentity({ browserVersion: "156.0.8078.114", nativeUserAgent: HEADLESS_LINUX }));
    expect(line).toContain("Chrome/156.0.0.0");
    expect(line).toContain("Google Chrome 156");
    expect(line).toContain("Accept-Language: en-US,en;q=0.9");
    expect(line).toContain("1366×900 on a 1920×1080 screen");
    expect(line).toContain("navigator.webdriver false");
  });
});
