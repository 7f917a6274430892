import { describe, expect, it } from "vitest";
import { Frontier, canonicalizeUrl, isBinaryUrl, isLogoutLink, linkPriority, siteOf } from "@/agents/discovery/frontier";

describe("canonicalizeUrl", () => {
  it("lowercases the host, strips fragments and tracking params, sorts the query", () => {
    expect(canonicalizeUrl("HTTPS://WWW.Shop.Example/Path?b=2&utm_source=x&a=1&fbclid=z#top")).toBe("https://www.shop.example/Path?a=1&b=2");
    expect(canonicalizeUrl("https://shop.example")).toBe("https://shop.example/");
    expect(canonicalizeUrl("https://shop.example:443/?gclid=1")).toBe("https://shop.example/");
    expect(canonicalizeUrl("/about#team", "https://shop.example/x/")).toBe("https://shop.example/about");
  });
  it("refuses non-http schemes", () => {
    for (const raw of ["mailto:a@b.c", "javascript:void(0)", "tel:123", "ftp://x.example/"]) expect(canonicalizeUrl(raw)).toBeNull();
  });
});

describe("scope and exclusions", () => {
  it("uses the registrable domain", () => {
    expect(siteOf("https://www.shop.co.uk/a")).toBe("shop.co.uk");
    expect(siteOf("https://a.b.tracky.example/")).toBe("tracky.example");
    expect(siteOf("http://127.0.0.1:8080/")).toBe("127.0.0.1");
  });
  it("skips binaries and logout links", () => {
    expect(isBinaryUrl("https://x.example/terms.PDF")).toBe(true);
    expect(isBinaryUrl("https://x.example/img/a.webp?x=1")).toBe(true);
    expect(isBinaryUrl("https://x.example/v1.2/page")).toBe(false);
    expect(isBinaryUrl("https://x.example/page.html")).toBe(false);
    expect(isLogoutLink("https://x.example/account/logout")).toBe(true);
    expect(isLogoutLink("https://x.example/a", "Sign out")).toBe(true);
    expect(isLogoutLink("https://x.example/login")).toBe(false);
  });
});

describe("Frontier", () => {
  const start = "https://www.shop.example/";
  const home = { url: start, depth: 0 };

  it("starts with the home page, follows only in-scope links, and respects depth", () => {
    const f = new Frontier({ startUrl: start, maxDepth: 1, maxPages: 10 });
    expect(f.next()?.url).toBe(start);
    expect(f.add("https://blog.shop.example/post", home)).toBeNull();
    expect(f.add("https://www.other.example/", home)).toBe("out_of_scope");
    expect(f.add("/about#x", home)).toBeNull();
    expect(f.add("/about", home)).toBe("duplicate");
    expect(f.add("/brochure.pdf", home)).toBe("binary");
    expect(f.add("/logout", home)).toBe("logout");
    expect(f.add("/deep", { url: `${start}about`, depth: 1 })).toBe("too_deep");
  });

  it("bounds query-string variants per path", () => {
    const f = new Frontier({ startUrl: start, maxDepth: 2, maxPages: 50, maxQueryVariants: 3 });
    const results = [1, 2, 3, 4, 5].map((n) => f.add(`/search?page=${n}`, home));
    expect(results).toEqual([null, null, null, "query_variants", "query_variants"]);
    expect(f.add("/search", home)).toBeNull();
  });

  it("ranks privacy-relevant pages first and keeps breadth-first order among equals", () => {
    const f = new Frontier({ startUrl: start, maxDepth: 2, maxPages: 20 });
    f.next();
    f.add("/about", home, "About us");
    f.add("/products", home, "Products");
    f.add("/contact", home, "Contact");
    f.add("/privacy", home, "Privacy Policy");
    f.add("/ccpa", home, "Do Not Sell or Share My Personal Information");
    f.add("/news", home, "News");
    const order = [f.next(), f.next(), f.next(), f.next()].map((e) => new URL(e?.url ?? "x:").pathname);
    expect(order).toEqual(["/ccpa", "/privacy", "/contact", "/products"]);
    // a sign-up page found at depth 2 outranks plain depth-1 pages
    f.add("/signup", { url: `${start}products`, depth: 1 }, "Create account");
    expect(new URL(f.next()?.url ?? "x:").pathname).toBe("/signup");
    expect(new URL(f.next()?.url ?? "x:").pathname).toBe("/about");
  });

  it("stops at the page budget, defaulting to 5 × depth", () => {
    const f = new Frontier({ startUrl: start, maxDepth: 1 });
    expect(f.maxPages).toBe(5);
    for (let i = 0; i < 10; i++) f.add(`/p${i}`, home);
    const got = [];
    for (let e = f.next(); e; e = f.next()) got.push(e);
    expect(got).toHaveLength(5);
    expect(new Frontier({ startUrl: start, maxDepth: 5, maxPages: 500 }).maxPages).toBe(50);
  });

  it("priorities name the privacy pages", () => {
    expect(linkPriority("https://x.example/a", "Your Privacy Choices")).toBe(100);
    expect(linkPriority("https://x.example/datenschutz")).toBe(90);
    expect(linkPriority("https://x.example/register")).toBe(80);
    expect(linkPriority("https://x.example/about")).toBe(10);
  });
});
