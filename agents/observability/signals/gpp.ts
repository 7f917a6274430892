/**
 * Decoder for IAB Global Privacy Platform strings: the header, the US National (id 7) and
 * California (id 8) sections and the state sections in STATE_LAYOUTS (ids 9–23), enough to read
 * the opt-out fields and the GPC sub-section; later state sections (24–27) are listed as present,
 * not decoded.
 * Field order follows the IAB GPP spec (LAW.md §4): header = Type Int(6), Version Int(6),
 * SectionIds Range(Fibonacci); usnat core = Version(6), SharingNotice, SaleOptOutNotice,
 * SharingOptOutNotice, TargetedAdvertisingOptOutNotice, SensitiveDataProcessingOptOutNotice,
 * SensitiveDataLimitUseNotice, SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut (Int(2)
 * each, …); usca core = Version(6), SaleOptOutNotice, SharingOptOutNotice,
 * SensitiveDataLimitUseNotice, SaleOptOut, SharingOptOut (…). Opt-out values: 0 n/a,
 * 1 opted out, 2 did not opt out. The fields we read precede every variable-length bitfield,
 * so usnat v1 and v2 decode alike.
 */

export interface GppUsSection {
  id: number;
  name: string;
  version: number;
  saleOptOutNotice: number;
  /** Only usnat and usca carry the sharing fields. */
  sharingOptOutNotice: number | null;
  saleOptOut: number;
  sharingOptOut: number | null;
  /** Not in the California section. */
  targetedAdvertisingOptOut: number | null;
  /** The optional GPC sub-section; null when absent. */
  gpc: boolean | null;
}

export interface GppDecoded {
  version: number;
  sectionIds: number[];
  /** Raw encoded section strings by id. */
  sections: Record<number, string>;
  us: GppUsSection[];
  /** Sections present in the string whose layout this decoder does not read (id and name). */
  notDecoded: { id: number; name: string }[];
  /** Sections that could not be decoded (the header still could). */
  errors: string[];
}

export const GPP_SECTION_NAMES: Record<number, string> = {
  2: "tcfeuv2",
  5: "tcfcav1",
  6: "uspv1",
  7: "usnat",
  8: "usca",
  9: "usva",
  10: "usco",
  11: "usut",
  12: "usct",
  13: "usfl",
  14: "usmt",
  15: "usor",
  16: "ustx",
  17: "usde",
  18: "usia",
  19: "usne",
  20: "usnh",
  21: "usnj",
  22: "ustn",
  23: "usmn",
  24: "usmd",
  25: "usin",
  26: "usky",
  27: "usri",
};

/**
 * Core-segment prefix of the state sections, as the IAB specs (Sections/US-States/<XX>) and the
 * IAB Tech Lab reference codec (iabgpp-es, modules/cmpapi/src/encoder/segment/Us<Xx>CoreSegment.ts,
 * read 2026-12) lay them out: Version Int(6), a notice Int(2) (SharingNotice or ProcessingNotice),
 * SaleOptOutNotice, TargetedAdvertisingOptOutNotice, [one more notice], SaleOptOut,
 * TargetedAdvertisingOptOut, then variable bitfields we do not need. `extraNotices` counts the
 * notices between TargetedAdvertisingOptOutNotice and SaleOptOut (Utah and Iowa have one:
 * SensitiveDataProcessingOptOutNotice / SensitiveDataOptOutNotice). Maryland (24) starts with MSPA
 * fields and was still a public-comment draft, so it and the later sections are not decoded.
 */
const STATE_LAYOUTS: Record<number, { extraNotices: number }> = {
  9: { extraNotices: 0 },
  10: { extraNotices: 0 },
  11: { extraNotices: 1 },
  12: { extraNotices: 0 },
  13: { extraNotices: 0 },
  14: { extraNotices: 0 },
  15: { extraNotices: 0 },
  16: { extraNotices: 0 },
  17: { extraNotices: 0 },
  18: { extraNotices: 1 },
  19: { extraNotices: 0 },
  20: { extraNotices: 0 },
  21: { extraNotices: 0 },
  22: { extraNotices: 0 },
  23: { extraNotices: 0 },
};

/** Sections that are not US opt-out sections (TCF, the GPP header and integrity ids, uspv1). */
const NON_US_SECTIONS = new Set([1, 2, 3, 4, 5, 6]);

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url (no padding) → bit string, 6 bits per character. */
export function base64UrlToBits(encoded: string): string {
  let bits = "";
  for (const ch of encoded) {
    const index = B64URL.indexOf(ch === "+" ? "-" : ch === "/" ? "_" : ch);
    if (index < 0) {
      if (ch === "=") break;
      throw new Error(`invalid base64url character '${ch}'`);
    }
    bits += index.toString(2).padStart(6, "0");
  }
  return bits;
}

class BitReader {
  private pos = 0;
  constructor(private readonly bits: string) {}

  int(length: number): number {
    if (this.pos + length > this.bits.length) throw new Error("GPP string too short");
    const value = parseInt(this.bits.slice(this.pos, this.pos + length), 2);
    this.pos += length;
    return value;
  }

  bool(): boolean {
    return this.int(1) === 1;
  }

  /** Fibonacci-coded integer: Zeckendorf bits, lowest first, ended by an extra 1 ("11"). */
  fibonacci(): number {
    const end = this.bits.indexOf("11", this.pos);
    if (end < 0) throw new Error("unterminated Fibonacci integer");
    const code = this.bits.slice(this.pos, end + 1);
    this.pos = end + 2;
    let value = 0;
    let a = 1;
    let b = 2;
    for (const bit of code) {
      if (bit === "1") value += a;
      [a, b] = [b, a + b];
    }
    return value;
  }

  /** Range(Fibonacci): count Int(12), then entries; each value is an offset from the previous one. */
  fibonacciRange(): number[] {
    const count = this.int(12);
    const values: number[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (this.bool()) {
        const start = this.fibonacci() + offset;
        const end = this.fibonacci() + start;
        for (let v = start; v <= end; v++) values.push(v);
        offset = end;
      } else {
        const value = this.fibonacci() + offset;
        values.push(value);
        offset = value;
      }
    }
    return values;
  }
}

function decodeGpcSubsection(subsections: string[]): boolean | null {
  for (const sub of subsections) {
    const reader = new BitReader(base64UrlToBits(sub));
    try {
      if (reader.int(2) === 1) return reader.bool();
    } catch {
      return null;
    }
  }
  return null;
}

function decodeStateSection(id: number, encoded: string, extraNotices: number): GppUsSection {
  const [core = "", ...subsections] = encoded.split(".");
  const r = new BitReader(base64UrlToBits(core));
  const version = r.int(6);
  r.int(2); // SharingNotice or ProcessingNotice
  const saleOptOutNotice = r.int(2);
  r.int(2); // TargetedAdvertisingOptOutNotice
  for (let i = 0; i < extraNotices; i++) r.int(2);
  const saleOptOut = r.int(2);
  const targetedAdvertisingOptOut = r.int(2);
  return {
    id,
    name: GPP_SECTION_NAMES[id] ?? String(id),
    version,
    saleOptOutNotice,
    sharingOptOutNotice: null,
    saleOptOut,
    sharingOptOut: null,
    targetedAdvertisingOptOut,
    gpc: decodeGpcSubsection(subsections),
  };
}

function decodeUsSection(id: number, encoded: string): GppUsSection {
  const state = STATE_LAYOUTS[id];
  if (state) return decodeStateSection(id, encoded, state.extraNotices);
  const [core = "", ...subsections] = encoded.split(".");
  const r = new BitReader(base64UrlToBits(core));
  const version = r.int(6);
  if (id === 7) {
    r.int(2); // SharingNotice
    const saleOptOutNotice = r.int(2);
    const sharingOptOutNotice = r.int(2);
    r.int(2); // TargetedAdvertisingOptOutNotice
    r.int(2); // SensitiveDataProcessingOptOutNotice
    r.int(2); // SensitiveDataLimitUseNotice
    const saleOptOut = r.int(2);
    const sharingOptOut = r.int(2);
    const targetedAdvertisingOptOut = r.int(2);
    return { id, name: "usnat", version, saleOptOutNotice, sharingOptOutNotice, saleOptOut, sharingOptOut, targetedAdvertisingOptOut, gpc: decodeGpcSubsection(subsections) };
  }
  const saleOptOutNotice = r.int(2);
  const sharingOptOutNotice = r.int(2);
  r.int(2); // SensitiveDataLimitUseNotice
  const saleOptOut = r.int(2);
  const sharingOptOut = r.int(2);
  return { id, name: "usca", version, saleOptOutNotice, sharingOptOutNotice, saleOptOut, sharingOptOut, targetedAdvertisingOptOut: null, gpc: decodeGpcSubsection(subsections) };
}

/** Decodes a GPP string (`DBABLA~BVQqAAAAAgA.QA`); throws on a malformed header. */
export function decodeGpp(gpp: string): GppDecoded {
  const [header = "", ...sectionStrings] = gpp.trim().split("~");
  const reader = new BitReader(base64UrlToBits(header));
  const type = reader.int(6);
  if (type !== 3) throw new Error(`not a GPP header (type ${type})`);
  const version = reader.int(6);
  const sectionIds = reader.fibonacciRange();
  const sections: Record<number, string> = {};
  sectionIds.forEach((id, i) => {
    const s = sectionStrings[i];
    if (s !== undefined) sections[id] = s;
  });
  const us: GppUsSection[] = [];
  const notDecoded: { id: number; name: string }[] = [];
  const errors: string[] = [];
  for (const id of sectionIds) {
    const encoded = sections[id];
    if (!encoded || NON_US_SECTIONS.has(id)) continue;
    if (id !== 7 && id !== 8 && !STATE_LAYOUTS[id]) {
      notDecoded.push({ id, name: GPP_SECTION_NAMES[id] ?? `section ${id}` });
      continue;
    }
    try {
      us.push(decodeUsSection(id, encoded));
    } catch (error) {
      errors.push(`section ${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { version, sectionIds, sections, us, notDecoded, errors };
}

/** decodeGpp without throwing. */
export function tryDecodeGpp(gpp: string | null | undefined): { decoded: GppDecoded | null; error: string | null } {
  if (!gpp) return { decoded: null, error: null };
  try {
    return { decoded: decodeGpp(gpp), error: null };
  } catch (error) {
    return { decoded: null, error: error instanceof Error ? error.message : String(error) };
  }
}
