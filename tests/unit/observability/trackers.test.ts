import { describe, expect, it } from "vitest";
import { TRACKERDB_CATEGORY_MAP } from "@/agents/observability";
import { classifyCookie, classifyRequest } from "@/agents/observability/trackers/classify";
import { trackerDbStatus } from "@/agents/observability/trackers/trackerdb";

const site = "shop.example";

describe("tracker classification", () => {
  it("loads the offline TrackerDB engine once", () => {
    expect(trackerDbStatus()).toMatchObject({ loaded: true, version: "1.0.945" });
  });
  it.each([
    ["https://www.google-analytics.com/g/collect", "analytics", "Google Analytics"],
    ["https://connect.facebook.net/en_US/fbevents.js", "advertising", "Meta"],
    ["https://static.hotjar.com/c/hotjar-1.js", "session_replay", "Hotjar"],
    ["https://www.clarity.ms/tag/abc", "session_replay", "Microsoft Clarity"],
    ["https://cdn.lr-ingest.io/logger.min.js", "session_replay", "LogRocket"],
    ["https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", "consent", "OneTrust"],
    ["https://consent.cookiebot.com/uc.js", "consent", "Cookiebot (Usercentrics)"],
    ["https://cdn.jsdelivr.net/npm/x.js", "essential", "jsDelivr"],
    ["https://fonts.gstatic.com/s/inter.woff2", "essential", "Google Fonts"],
  ])("%s → %s", (url, category, entity) => {
    expect(classifyRequest(url, site, "script")).toMatchObject({ category, entity, party: "third" });
  });
  it("uses TrackerDB for vendors not in the override file", () => {
    expect(classifyRequest("https://tags.tiqcdn.com/utag/x.js", site, "script")).toMatchObject({ source: "trackerdb", category: "analytics", entity: "Tealium" });
    expect(classifyRequest("https://ib.adnxs.com/getuid", site, "image").category).toBe("advertising");
  });
  it("decides party by registrable domain", () => {
    expect(classifyRequest("https://static.shop.example/app.js", site)).toMatchObject({ party: "first", category: "essential" });
    expect(classifyRequest("https://unknown-widget.example/w.js", site)).toMatchObject({ party: "third", category: "other" });
  });
  it("classifies well-known cookies by name and never flags CMP or session cookies", () => {
    expect(classifyCookie("_ga_ABC123", ".shop.example", site)).toMatchObject({ category: "analytics", party: "first" });
    expect(classifyCookie("IDE", ".doubleclick.net", site)).toMatchObject({ category: "advertising", party: "third" });
    expect(classifyCookie("_hjSessionUser_1", ".shop.example", site).category).toBe("session_replay");
    expect(classifyCookie("OptanonConsent", ".shop.example", site).category).toBe("consent");
    expect(classifyCookie("PHPSESSID", "www.shop.example", site).category).toBe("essential");
    expect(classifyCookie("mystery", "www.shop.example", site).category).toBe("essential");
  });
  it("maps every TrackerDB category", () => {
    expect(Object.keys(TRACKERDB_CATEGORY_MAP).sort()).toEqual(
      ["advertising", "audio_video_player", "consent", "customer_interaction", "extensions", "hosting", "misc", "pornvertising", "site_analytics", "social_media", "utilities"],
    );
  });
});
