import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { SHA256_JS } from "@/tests/fixtures/web/browser-snippets";
import { CMP_COOKIEBOT_JS, CMP_ONETRUST_JS, CUSTOM_CONSENT_JS, PRIVACY_SIGNALS_JS } from "@/tests/fixtures/web/cmp-scripts";
import * as trackerScripts from "@/tests/fixtures/web/tracker-scripts";

describe("served browser scripts", () => {
  it("sha256Hex matches Node's SHA-256 (so hashed e-mails are what scanners compute)", () => {
    const sha256Hex = new Function(`${SHA256_JS}; return sha256Hex;`)() as (text: string) => string;
    for (const text of ["", "abc", "canary.user@example.org", "ünïcødé ✓", "x".repeat(1000)]) {
      expect(sha256Hex(text)).toBe(crypto.createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  it("are all syntactically valid JavaScript", () => {
    const all: Record<string, string> = {
      CMP_COOKIEBOT_JS,
      CMP_ONETRUST_JS,
      CUSTOM_CONSENT_JS,
      PRIVACY_SIGNALS_JS,
      ...Object.fromEntries(Object.entries(trackerScripts).filter(([name]) => name.endsWith("_JS"))),
    };
    expect(Object.keys(all).length).toBeGreaterThanOrEqual(14);
    for (const [name, source] of Object.entries(all)) {
      expect(() => new Function(source), name).not.toThrow();
    }
  });

  it("keep the canvas-fingerprinting thresholds scanners use (>=10 chars of text, >=16x16 canvas, many measureText calls)", () => {
    const fp = trackerScripts.FINGERPRINT_JS;
    expect(fp).toMatch(/canvas\.width = 240;/);
    expect(fp).toMatch(/canvas\.height = 60;/);
    expect(fp).toContain('fillText("Cwm fjordbank gly');
    expect(fp).toContain("toDataURL()");
    expect((fp.match(/"[A-Z][A-Za-z ]+"/g) ?? []).length).toBeGreaterThan(50);
  });
});
