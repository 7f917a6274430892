import { describe, expect, it } from "vitest";
import { choiceControls, chooseBanner, containerOf, inoperableReason, type BannerReading } from "@/agents/interaction/banner-place";
import { classifyButton } from "@/agents/interaction/banner-wording";
import { BannerContainerSchema } from "@/lib/schemas/banner-container";

function reading(texts: string[], extra: Partial<BannerReading> = {}): BannerReading {
  return {
    text: "We use cookies",
    controls: texts.map((text, index) => ({ index, text, tag: "button" })),
    rect: { x: 0, y: 600, width: 1280, height: 120 },
    in_frame: false,
    opaque: false,
    shadow_hosts: [],
    shadow_mode: null,
    ...extra,
  };
}

describe("where a banner lives", () => {
  it("is the document when neither a frame nor a shadow host is involved", () => {
    expect(containerOf(reading(["Accept all"]), null)).toEqual({ kind: "document", shadow_host: null, shadow_mode: null, frame_url: null });
  });

  it("names nested shadow hosts outermost first", () => {
    const c = containerOf(reading(["Accept all"], { shadow_hosts: ["privacy-shell", "privacy-dialog"], shadow_mode: "open" }), null);
    expect(c).toEqual({ kind: "shadow_root", shadow_host: "privacy-shell >>> privacy-dialog", shadow_mode: "open", frame_url: null });
    expect(() => BannerContainerSchema.parse(c)).not.toThrow();
  });

  it("is a frame, with its URL, even when the frame holds a shadow root", () => {
    const c = containerOf(reading(["Accept all"], { in_frame: true, shadow_hosts: ["cmp-root"], shadow_mode: "open" }), "https://consent.framecmp.example/dialog.html");
    expect(c).toEqual({ kind: "frame", shadow_host: "cmp-root", shadow_mode: "open", frame_url: "https://consent.framecmp.example/dialog.html" });
  });
});

describe("choosing among the page's and the frames' readings", () => {
  const top = (r: BannerReading) => ({ frame: "main", frameUrl: null, reading: r });
  const framed = (r: BannerReading) => ({ frame: "cmp", frameUrl: "https://consent.framecmp.example/dialog.html", reading: r });

  it("counts only controls whose wording makes or opens a choice", () => {
    expect(choiceControls(reading(["Accept all", "Reject all", "Customise", "Learn more", "×"]))).toBe(3);
    expect(choiceControls(reading(["Learn more", "Privacy Policy"]))).toBe(0);
  });

  it("prefers the page's banner when it offers choices", () => {
    expect(chooseBanner([top(reading(["Accept all", "Reject all"])), framed(reading(["Accept all"]))])?.frame).toBe("main");
  });

  it("takes the CMP's frame when the page only shows a wrapper without choices", () => {
    expect(chooseBanner([top(reading(["Learn more"])), framed(reading(["Accept all", "Reject all"]))])?.frame).toBe("cmp");
  });

  it("falls back to an opaque host only when nothing readable was found", () => {
    const opaque = top(reading([], { opaque: true, shadow_hosts: ["privacy-shell#consent-manager"], shadow_mode: "closed" }));
    expect(chooseBanner([opaque, framed(reading(["Accept all"]))])?.frame).toBe("cmp");
    expect(chooseBanner([opaque, null])?.reading.opaque).toBe(true);
    expect(chooseBanner([null, null])).toBeNull();
  });
});

describe("a banner the engine cannot operate", () => {
  it("says why when its host is closed", () => {
    const r = reading([], { opaque: true, shadow_hosts: ["privacy-shell#consent-manager"], shadow_mode: "closed" });
    expect(inoperableReason(r, null)).toMatch(/closed shadow root \(privacy-shell#consent-manager\)/);
    expect(inoperableReason(r, "https://cmp.example/x")).toMatch(/in a frame from https:\/\/cmp\.example\/x/);
  });
  it("is operable when its controls can be read", () => {
    expect(inoperableReason(reading(["Accept all"]), null)).toBeNull();
  });
});

describe("roles of the hidden CMPs' controls", () => {
  it.each([
    ["Accept all", "accept"],
    ["Reject all", "reject"],
    ["Customise", "settings"],
    ["Manage settings", "settings"],
  ] as const)("%s → %s", (text, role) => {
    expect(classifyButton(text)).toBe(role);
  });
});
