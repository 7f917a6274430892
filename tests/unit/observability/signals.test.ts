import { describe, expect, it } from "vitest";
import { base64UrlToBits, decodeGpp, tryDecodeGpp } from "@/agents/observability/signals/gpp";
import { optanonGpcEnabled, optanonGroups } from "@/agents/observability/signals/optanon";
import { parseUsPrivacy, usPrivacyOptedOut } from "@/agents/observability/signals/us-privacy";

// Encodes bits as base64url the way GPP does (6 bits per character, zero-padded).
function bitsToB64(bits: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const padded = bits.padEnd(Math.ceil(bits.length / 6) * 6, "0");
  let out = "";
  for (let i = 0; i < padded.length; i += 6) out += alphabet[parseInt(padded.slice(i, i + 6), 2)];
  return out;
}

describe("GPP decoder", () => {
  it("decodes the usnat example: sale/sharing not opted out, GPC sub-section 0", () => {
    const gpp = decodeGpp("DBABLA~BVQqAAAAAgA.QA");
    expect(gpp.version).toBe(1);
    expect(gpp.sectionIds).toEqual([7]);
    expect(gpp.us[0]).toMatchObject({ name: "usnat", version: 1, saleOptOutNotice: 1, sharingOptOutNotice: 1, saleOptOut: 2, sharingOptOut: 2, targetedAdvertisingOptOut: 2, gpc: false });
  });
  it("decodes a uspv1-only header (section 6)", () => {
    const gpp = decodeGpp("DBABTA~1YYN");
    expect(gpp.sectionIds).toEqual([6]);
    expect(gpp.sections[6]).toBe("1YYN");
    expect(gpp.us).toEqual([]);
  });
  it("decodes the IAB California example BVWSSSVY.YA: opted out, GPC on", () => {
    // Header for section 8 alone: type 3, version 1, 1 entry, single, fibonacci(8) = 00001 + 1.
    const header = bitsToB64("000011" + "000001" + "000000000001" + "0" + "000011");
    const gpp = decodeGpp(`${header}~BVWSSSVY.YA`);
    expect(gpp.sectionIds).toEqual([8]);
    expect(gpp.us[0]).toMatchObject({ name: "usca", saleOptOut: 1, sharingOptOut: 1, targetedAdvertisingOptOut: null, gpc: true });
  });
  it("decodes Fibonacci ranges with offsets (sections 2, 6, 7, 8)", () => {
    // entries: single 2 (fib "011"), single +4 = 6 ("1011"), range start +1 = 7 ("11"), end +1 = 8 ("11").
    const header = bitsToB64("000011" + "000001" + "000000000011" + "0" + "011" + "0" + "1011" + "1" + "11" + "11");
    const gpp = decodeGpp(`${header}~a~b~c~d`);
    expect(gpp.sectionIds).toEqual([2, 6, 7, 8]);
    expect(gpp.sections[6]).toBe("b");
    expect(gpp.errors).toHaveLength(2);
  });
  it("rejects TCF strings and garbage without throwing from tryDecodeGpp", () => {
    expect(tryDecodeGpp("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA").error).toMatch(/not a GPP header/);
    expect(tryDecodeGpp("D*!").error).toMatch(/invalid base64url/);
    expect(tryDecodeGpp(null)).toEqual({ decoded: null, error: null });
  });
  it("maps base64url characters to 6 bits", () => {
    expect(base64UrlToBits("DB")).toBe("000011000001");
    expect(base64UrlToBits("_-")).toBe("111111111110");
  });
});

describe("US Privacy string", () => {
  it("parses the four characters", () => {
    expect(parseUsPrivacy("1YNN")).toEqual({ raw: "1YNN", version: 1, notice: "Y", optedOut: "N", lspa: "N" });
    expect(parseUsPrivacy("1---")?.optedOut).toBe("-");
    expect(parseUsPrivacy("bogus")).toBeNull();
  });
  it("reads the opt-out flag (3rd character)", () => {
    expect(usPrivacyOptedOut("1YYN")).toBe(true);
    expect(usPrivacyOptedOut("1yyn")).toBe(true);
    expect(usPrivacyOptedOut("1YNN")).toBe(false);
    expect(usPrivacyOptedOut("1---")).toBeNull();
    expect(usPrivacyOptedOut(null)).toBeNull();
  });
});

describe("OneTrust OptanonConsent", () => {
  it("reads isGpcEnabled and groups, URL-encoded or not", () => {
    expect(optanonGpcEnabled("isGpcEnabled=1&groups=C0001:1")).toBe(true);
    expect(optanonGpcEnabled("isGpcEnabled%3D0%26groups%3DC0001%3A1")).toBe(false);
    expect(optanonGpcEnabled("groups=C0001:1")).toBeNull();
    expect(optanonGroups("groups=C0001%3A1%2CC0004%3A0")).toEqual({ C0001: true, C0004: false });
  });
});
