import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/evidence/canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it("gives the same bytes whatever order the keys were built in", () => {
    const one = { scan_id: "s", files: [{ path: "a", sha256: "0" }], created_at: "t" };
    const two = { created_at: "t", files: [{ sha256: "0", path: "a" }], scan_id: "s" };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).not.toBe(JSON.stringify(one));
  });

  it("keeps array order, escapes strings as JSON does, and round-trips through JSON.parse", () => {
    const value = { list: ["b", "a"], text: 'quote " backslash \\ newline \n é 🙂', n: -1.5e-7 };
    const text = canonicalJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('["b","a"]');
  });

  it("orders keys by code unit, not locale", () => {
    expect(canonicalJson({ b: 1, B: 2, _: 3, a: 4 })).toBe('{"B":2,"_":3,"a":4,"b":1}');
  });

  it("leaves out undefined properties and refuses what JSON cannot carry", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson([undefined])).toThrow();
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });
});
