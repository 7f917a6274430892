import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const root = join(__dirname, "../../..");
const read = (path: string) => readFileSync(join(root, path));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("public/ and the app icons", () => {
  it("robots.txt keeps every crawler off every path", () => {
    const lines = read("public/robots.txt")
      .toString("utf8")
      .split("\n")
      .map((l) => l.replace(/#.*/, "").trim())
      .filter(Boolean);
    expect(lines).toEqual(["User-agent: *", "Disallow: /"]);
  });

  it("favicon.ico is an icon with 16, 32 and 48 px PNG images", () => {
    const ico = read("public/favicon.ico");
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const at = 6 + 16 * i;
      const png = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
      expect(pngSize(png)).toEqual({ width: ico[at], height: ico[at + 1] });
      return ico[at];
    });
    expect(sizes).toEqual([16, 32, 48]);
  });

  it("the Open Graph image is a 1200×630 PNG", () => {
    expect(pngSize(read("public/og-report.png"))).toEqual({ width: 1200, height: 630 });
  });

  it("app/icon.svg and app/apple-icon.png (180 px) exist", () => {
    expect(read("app/icon.svg").toString("utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(pngSize(read("app/apple-icon.png"))).toEqual({ width: 180, height: 180 });
  });

  it.each(["/robots.txt", "/favicon.ico", "/og-report.png", "/icon.svg", "/apple-icon.png"])("%s is served without a session", (path) => {
    expect(proxy(new NextRequest(`http://apo.test${path}`)).headers.get("location")).toBeNull();
  });
});
