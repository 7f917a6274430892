import { describe, expect, it } from "vitest";
import { autoconsentConfig, autoconsentSucceeded, handleAutoconsentMessage, initialAutoconsentState } from "@/agents/interaction/autoconsent-protocol";
import { classifyButton, isEssentialToggle, isSaveChoice } from "@/agents/interaction/banner-wording";
import { canaryValue, makeCanaryToken, TYPEABLE_KINDS } from "@/agents/interaction/canary";
import { joinCookies, parseSetCookie } from "@/agents/interaction/cookies";
import { planSessionPages, runLimited } from "@/agents/interaction/plan";
import type { PageNode } from "@/agents/evidence/schema";

describe("canaries", () => {
  it("are unique per token and embed it", () => {
    const a = makeCanaryToken();
    const b = makeCanaryToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]{8,}$/);
    expect(canaryValue("email", a)).toBe(`apo.canary.${a}@example.org`);
    expect(canaryValue("password", a)).toContain(a);
    expect(canaryValue("phone", a)).toMatch(/^\+1555\d{7}$/);
    expect(canaryValue("name", a)).toMatch(/^Apo Canary[A-Za-z]+$/);
  });
  it("makes Luhn-valid card numbers", () => {
    const card = canaryValue("payment", "k3j9x2aa");
    const digits = [...card].reverse().map(Number);
    const sum = digits.reduce((acc, d, i) => acc + (i % 2 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
    expect(card).toHaveLength(16);
    expect(sum % 10).toBe(0);
  });
  it("never types birthdates (not unique enough to prove a leak)", () => {
    expect(TYPEABLE_KINDS.has("birthdate")).toBe(false);
    expect(TYPEABLE_KINDS.has("email")).toBe(true);
  });
});

describe("autoconsent protocol", () => {
  it("answers init and eval, and tracks detection, action, done and self-test", () => {
    const state = initialAutoconsentState();
    expect(handleAutoconsentMessage(state, { type: "init" }, 0)).toEqual({ kind: "initResp" });
    expect(handleAutoconsentMessage(state, { type: "eval", id: "7", code: "1+1" }, 0)).toEqual({ kind: "eval", id: "7", code: "1+1" });
    handleAutoconsentMessage(state, { type: "cmpDetected", cmp: "Onetrust" }, 10);
    handleAutoconsentMessage(state, { type: "popupFound", cmp: "Onetrust" }, 20);
    expect(state).toMatchObject({ cmp: "Onetrust", popupFound: true, popupAt: 20 });
    handleAutoconsentMessage(state, { type: "optOutResult", cmp: "Onetrust", result: true, scheduleSelfTest: true }, 30);
    handleAutoconsentMessage(state, { type: "autoconsentDone", cmp: "Onetrust", isCosmetic: false, totalClicks: 1 }, 40);
    handleAutoconsentMessage(state, { type: "selfTestResult", cmp: "Onetrust", result: true }, 50);
    expect(autoconsentSucceeded(state)).toBe(true);
    expect(state).toMatchObject({ actionResult: true, scheduleSelfTest: true, done: true, clicks: 1, selfTest: true });
    expect(state.steps).toHaveLength(5);
  });
  it("does not count a cosmetic (hide-only) result as a choice", () => {
    const state = initialAutoconsentState();
    handleAutoconsentMessage(state, { type: "optOutResult", result: true }, 0);
    handleAutoconsentMessage(state, { type: "autoconsentDone", isCosmetic: true }, 0);
    expect(autoconsentSucceeded(state)).toBe(false);
  });
  it("ignores malformed eval messages and keeps errors", () => {
    const state = initialAutoconsentState();
    expect(handleAutoconsentMessage(state, { type: "eval" }, 0)).toEqual({ kind: "none" });
    handleAutoconsentMessage(state, { type: "autoconsentError", details: { msg: "boom" } }, 0);
    expect(state.errors[0]).toContain("boom");
  });
  it("configures detection without prehiding or cosmetic hiding", () => {
    expect(autoconsentConfig(null)).toMatchObject({ enabled: true, autoAction: null, enablePrehide: false, enableCosmeticRules: false });
  });
});

describe("banner wording", () => {
  it.each([
    ["Reject all", "reject"],
    ["Alle ablehnen", "reject"],
    ["Tout refuser", "reject"],
    ["Rechazar todo", "reject"],
    ["Accept only necessary", "reject"],
    ["Only essential cookies", "reject"],
    ["Accept all", "accept"],
    ["Alle akzeptieren", "accept"],
    ["Aceitar", "accept"],
    ["Got it", "accept"],
    ["Manage preferences", "settings"],
    ["Cookie settings", "settings"],
    ["Einstellungen", "settings"],
    ["Paramètres", "settings"],
    ["×", "close"],
    ["Privacy Policy", "other"],
  ])("%s → %s", (text, role) => {
    expect(classifyButton(text)).toBe(role);
  });
  it("recognises save buttons and essential toggles", () => {
    expect(isSaveChoice("Save my choices")).toBe(true);
    expect(isSaveChoice("Accept all")).toBe(false);
    expect(isEssentialToggle("Strictly necessary", false)).toBe(true);
    expect(isEssentialToggle("Marketing", true)).toBe(true);
    expect(isEssentialToggle("Marketing", false)).toBe(false);
  });
});

describe("cookies", () => {
  const now = Date.UTC(2026, 0, 1);
  it("parses Set-Cookie headers", () => {
    const c = parseSetCookie("IDE=abc; Domain=doubleclick.net; Path=/; Max-Age=33696000; Secure; HttpOnly; SameSite=None", "https://ad.doubleclick.net/x", now);
    expect(c).toMatchObject({ name: "IDE", value: "abc", domain: ".doubleclick.net", secure: true, httpOnly: true, sameSite: "None" });
    expect(c?.expires).toBe(now / 1000 + 33696000);
    expect(parseSetCookie("garbage", "https://x.example/", now)).toBeNull();
  });
  it("joins the jar with headers and script writes, and keeps refused cookies", () => {
    const jar = [
      { name: "IDE", value: "abc", domain: ".doubleclick.net", path: "/", expires: now / 1000 + 390 * 86400, httpOnly: true, secure: true, sameSite: "None" },
      { name: "_ga", value: "GA1", domain: ".shop.example", path: "/", expires: now / 1000 + 400 * 86400, httpOnly: false, secure: false, sameSite: "Lax" },
      { name: "sid", value: "1", domain: "www.shop.example", path: "/", expires: -1, httpOnly: true, secure: true, sameSite: null },
    ];
    const header = (name: string, domain: string, url: string) => ({ name, value: "v", domain, path: "/", expires: now / 1000 + 86400, httpOnly: false, secure: true, sameSite: null, responseUrl: url, pageUrl: "https://www.shop.example/", at: now - 500 });
    const cookies = joinCookies(
      jar,
      [header("IDE", ".doubleclick.net", "https://ad.doubleclick.net/p"), header("blocked3p", ".tracker.test", "https://t.tracker.test/")],
      [{ name: "_ga", script: "https://www.googletagmanager.com/gtag/js", pageUrl: "https://www.shop.example/", at: now - 100 }],
      now,
      now - 1000,
    );
    const byName = Object.fromEntries(cookies.map((c) => [c.name, c]));
    expect(byName.IDE?.set_by).toEqual({ kind: "set-cookie-header", url: "https://ad.doubleclick.net/p" });
    expect(byName.IDE?.lifetime_days).toBe(390);
    expect(byName.IDE?.t_since_consent_ms).toBe(500);
    expect(byName._ga?.set_by).toEqual({ kind: "document.cookie", url: "https://www.googletagmanager.com/gtag/js" });
    expect(byName.sid).toMatchObject({ session: true, lifetime_days: null, set_by: { kind: "unknown" } });
    expect(byName.blocked3p?.blocked).toBe(true);
  });
});

describe("session plan", () => {
  const node = (url: string, depth: number, extra: Partial<PageNode> = {}): PageNode => ({
    url, final_url: url, depth, status: 200, title: "", purpose: "other", risk_score: 0, priority: 10, links: [], forms: [], third_party_scripts: [],
    third_party_frames: [], privacy_policy_links: [], opt_out_links: [], banner_present: false, error: null, ...extra,
  });
  it("starts at home and prefers pages with personal-data forms, skipping policy text", () => {
    const form = { action: "x", method: "post", insecure: false, fields: [{ name: "email", type: "email", autocomplete: null, label: null, pii_kind: "email" as const, prechecked: false }] };
    const pages = planSessionPages(
      [node("https://s.example/", 0), node("https://s.example/privacy", 1, { purpose: "privacy_policy" }), node("https://s.example/about", 1), node("https://s.example/signup", 1, { forms: [form] })],
      3,
    );
    expect(pages).toEqual(["https://s.example/", "https://s.example/signup", "https://s.example/about"]);
  });
  it("runs at most `limit` tasks at once", async () => {
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
      return 1;
    };
    const results = await runLimited([task, task, task, task, async () => Promise.reject(new Error("x"))], 2);
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected"]);
  });
});
