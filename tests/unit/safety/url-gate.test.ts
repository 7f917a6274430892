import { describe, expect, it } from "vitest";
import { sortLinks } from "@/agents/discovery";
import { checkNavigation, gatedGoto, isNoteworthyRefusal, NavigationRefusedError } from "@/agents/safety/url-gate";

describe("the URL gate", () => {
  it.each(["http://www.example.com/", "https://www.example.com/privacy?x=1#top", "HTTPS://WWW.EXAMPLE.COM/", "about:blank"])("lets %s through", (url) => {
    expect(checkNavigation(url).allowed).toBe(true);
  });

  it.each([
    ["file:///data/jwt-secret", "file:"],
    ["FILE:///proc/self/environ", "file:"],
    ["view-source:file:///data/jwt-secret", "view-source:"],
    ["view-source:https://www.example.com/", "view-source:"],
    ["chrome://version", "chrome:"],
    ["chrome-extension://abcdef/page.html", "chrome-extension:"],
    ["devtools://devtools/bundled/inspector.html", "devtools:"],
    ["data:text/html,<h1>x</h1>", "data:"],
    ["blob:https://www.example.com/0b1c", "blob:"],
    ["javascript:alert(1)", "javascript:"],
    ["ftp://ftp.example.com/file", "ftp:"],
    ["about:config", "about:"],
    ["about:srcdoc", "about:"],
  ])("refuses %s", (url, scheme) => expect(checkNavigation(url)).toMatchObject({ allowed: false, scheme }));

  it("refuses what is not an absolute URL", () => {
    expect(checkNavigation("/privacy")).toMatchObject({ allowed: false, reason: "not a valid absolute URL" });
    expect(checkNavigation("")).toMatchObject({ allowed: false });
  });

  it("records local files and browser pages, not everyday mailto:/tel:/javascript: links", () => {
    expect(isNoteworthyRefusal(checkNavigation("file:///etc/passwd"))).toBe(true);
    expect(isNoteworthyRefusal(checkNavigation("chrome://version"))).toBe(true);
    expect(isNoteworthyRefusal(checkNavigation("mailto:dpo@example.com"))).toBe(false);
    expect(isNoteworthyRefusal(checkNavigation("javascript:void(0)"))).toBe(false);
    expect(isNoteworthyRefusal(checkNavigation("https://www.example.com/"))).toBe(false);
  });

  it("gatedGoto throws before the page is asked to navigate", async () => {
    const asked: string[] = [];
    const page = { goto: async (url: string) => (asked.push(url), null) } as unknown as Parameters<typeof gatedGoto>[0];
    await expect(gatedGoto(page, "file:///data/jwt-secret", {})).rejects.toBeInstanceOf(NavigationRefusedError);
    await expect(gatedGoto(page, "view-source:file:///data/jwt-secret", {})).rejects.toThrow(/navigation refused: view-source:/);
    expect(asked).toEqual([]);
    await gatedGoto(page, "https://www.example.com/privacy", {});
    expect(asked).toEqual(["https://www.example.com/privacy"]);
  });
});

describe("discovery's link sorting", () => {
  const home = "https://www.shop.example/";

  it("keeps http(s) policy and opt-out links and records refused ones with their role", () => {
    const sorted = sortLinks(
      [
        { href: "file:///data/jwt-secret", text: "Privacy Policy" },
        { href: "https://www.shop.example/privacy", text: "Privacy Policy" },
        { href: "view-source:file:///data/jwt-secret", text: "Do Not Sell or Share My Personal Information" },
        { href: "https://www.shop.example/opt-out", text: "Your Privacy Choices" },
        { href: "chrome://version/", text: "About" },
        { href: "mailto:dpo@shop.example", text: "Write to us" },
        { href: "javascript:void(0)", text: "Menu" },
      ],
      home,
    );
    expect(sorted.policy.map((l) => l.href)).toEqual(["https://www.shop.example/privacy"]);
    expect(sorted.optOut.map((l) => l.href)).toEqual(["https://www.shop.example/opt-out"]);
    expect(sorted.refused).toEqual([
      expect.objectContaining({ url: "file:///data/jwt-secret", scheme: "file:", role: "privacy_policy", found_on: home, text: "Privacy Policy" }),
      expect.objectContaining({ url: "view-source:file:///data/jwt-secret", scheme: "view-source:", role: "opt_out" }),
      expect.objectContaining({ url: "chrome://version/", scheme: "chrome:", role: "link" }),
    ]);
  });

  it("records a javascript: policy link (the engine would have opened it) and caps long URLs", () => {
    const long = `data:text/html,${"x".repeat(5_000)}`;
    const sorted = sortLinks([{ href: "javascript:showPolicy()", text: "Privacy Policy" }, { href: long, text: "Terms" }], home);
    expect(sorted.refused.map((l) => [l.scheme, l.role])).toEqual([["javascript:", "privacy_policy"], ["data:", "link"]]);
    expect(sorted.refused[1]?.url.length).toBe(300);
  });
});
