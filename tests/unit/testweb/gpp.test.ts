import { describe, expect, it } from "vitest";
import { encodeHeader, encodeUsNatGppString, fibonacci, fromBase64Url, toBase64Url } from "@/tests/fixtures/web/gpp";

/** An independent little decoder, written from the IAB GPP spec tables rather than from the encoder. */
class Bits {
  private pos = 0;
  constructor(private readonly bits: string) {}
  int(n: number): number {
    const v = parseInt(this.bits.slice(this.pos, this.pos + n), 2);
    this.pos += n;
    return v;
  }
  bool(): boolean {
    return this.int(1) === 1;
  }
  fib(): number {
    const fibs = [1, 2];
    let value = 0;
    let prev = "0";
    for (let i = 0; ; i++) {
      const bit = this.bits[this.pos++];
      if (bit === "1" && prev === "1") return value;
      while (fibs.length <= i) fibs.push((fibs[fibs.length - 1] ?? 0) + (fibs[fibs.length - 2] ?? 0));
      if (bit === "1") value += fibs[i] ?? 0;
      prev = bit ?? "0";
    }
  }
}

const USNAT_V1 = [
  ["Version", 6],
  ["SharingNotice", 2],
  ["SaleOptOutNotice", 2],
  ["SharingOptOutNotice", 2],
  ["TargetedAdvertisingOptOutNotice", 2],
  ["SensitiveDataProcessingOptOutNotice", 2],
  ["SensitiveDataLimitUseNotice", 2],
  ["SaleOptOut", 2],
  ["SharingOptOut", 2],
  ["TargetedAdvertisingOptOut", 2],
] as const;

function decode(gpp: string): { type: number; version: number; sections: number[]; usnat: Record<string, number | number[]>; gpc: boolean | undefined } {
  const [header = "", usnatText = ""] = gpp.split("~");
  const h = new Bits(fromBase64Url(header));
  const type = h.int(6);
  const version = h.int(6);
  const count = h.int(12);
  const sections: number[] = [];
  let last = 0;
  for (let i = 0; i < count; i++) {
    if (h.bool()) throw new Error("ranges not expected here");
    last += h.fib();
    sections.push(last);
  }
  const [core = "", ...subs] = usnatText.split(".");
  const c = new Bits(fromBase64Url(core));
  const usnat: Record<string, number | number[]> = {};
  for (const [name, width] of USNAT_V1) usnat[name] = c.int(width);
  usnat.SensitiveDataProcessing = Array.from({ length: 12 }, () => c.int(2));
  usnat.KnownChildSensitiveDataConsents = Array.from({ length: 2 }, () => c.int(2));
  for (const name of ["PersonalDataConsents", "MspaCoveredTransaction", "MspaOptOutOptionMode", "MspaServiceProviderMode"]) usnat[name] = c.int(2);
  let gpc: boolean | undefined;
  for (const sub of subs) {
    const s = new Bits(fromBase64Url(sub));
    if (s.int(2) === 1) gpc = s.bool();
  }
  return { type, version, sections, usnat, gpc };
}

describe("GPP encoder", () => {
  it("Fibonacci-codes integers as the spec's examples do", () => {
    expect(fibonacci(1)).toBe("11");
    expect(fibonacci(2)).toBe("011");
    expect(fibonacci(3)).toBe("0011");
    expect(fibonacci(4)).toBe("1011");
    expect(fibonacci(7)).toBe("01011");
  });

  it("writes the well-known usnat header DBABLA", () => {
    expect(encodeHeader([7])).toBe("DBABLA");
  });

  it("produces the canonical string for a not-opted-out usnat visitor", () => {
    // The same string IAB's reference encoder produces for these values.
    expect(encodeUsNatGppString({ optedOut: false, gpcSignal: false })).toBe("DBABLA~BVQqAAAAAgA.QA");
  });

  it("round-trips SaleOptOut/SharingOptOut = 1 (opted out) and 2 (not) with the GPC sub-section", () => {
    for (const optedOut of [true, false]) {
      for (const gpcSignal of [true, false]) {
        const d = decode(encodeUsNatGppString({ optedOut, gpcSignal }));
        expect(d.type).toBe(3);
        expect(d.version).toBe(1);
        expect(d.sections).toEqual([7]);
        expect(d.usnat.Version).toBe(1);
        expect(d.usnat.SaleOptOut).toBe(optedOut ? 1 : 2);
        expect(d.usnat.SharingOptOut).toBe(optedOut ? 1 : 2);
        expect(d.usnat.TargetedAdvertisingOptOut).toBe(optedOut ? 1 : 2);
        expect(d.usnat.SaleOptOutNotice).toBe(1);
        expect(d.usnat.MspaCoveredTransaction).toBe(2);
        expect(d.usnat.SensitiveDataProcessing).toEqual(Array(12).fill(0));
        expect(d.gpc).toBe(gpcSignal);
      }
    }
  });

  it("pads segments to whole bytes before base64url", () => {
    expect(toBase64Url("1")).toBe("gA");
    expect(fromBase64Url("gA")).toBe("100000000000");
  });
});
