import { isIP } from "node:net";

/**
 * Pure address policy for the SSRF guard: which IP addresses a scan must never reach.
 * A scanner that loads arbitrary URLs in a browser inside our network would otherwise let a
 * caller read cloud metadata (169.254.169.254), internal services or the host itself.
 */
export type AddressCategory =
  | "public"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved"
  | "unique_local"
  | "invalid";

export interface AddressVerdict {
  address: string;
  category: AddressCategory;
  /** True when the scanner must not connect to it. */
  blocked: boolean;
}

interface V4Range {
  base: number;
  bits: number;
  category: Exclude<AddressCategory, "public" | "invalid">;
}

const v4 = (dotted: string, bits: number, category: V4Range["category"]): V4Range => ({
  base: parseDottedV4(dotted) ?? 0,
  bits,
  category,
});

// Order matters only for overlapping ranges (none here). Sources: RFC 6890 special-purpose registry.
const V4_RANGES: V4Range[] = [
  v4("0.0.0.0", 8, "unspecified"),
  v4("10.0.0.0", 8, "private"),
  v4("100.64.0.0", 10, "cgnat"),
  v4("127.0.0.0", 8, "loopback"),
  v4("169.254.0.0", 16, "link_local"),
  v4("172.16.0.0", 12, "private"),
  v4("192.0.0.0", 24, "reserved"),
  v4("192.0.2.0", 24, "reserved"),
  // 6to4 relay anycast (RFC 7526): a packet sent there is tunnelled by whichever relay is nearest.
  v4("192.88.99.0", 24, "reserved"),
  v4("192.168.0.0", 16, "private"),
  v4("198.18.0.0", 15, "reserved"),
  v4("198.51.100.0", 24, "reserved"),
  v4("203.0.113.0", 24, "reserved"),
  v4("224.0.0.0", 4, "multicast"),
  v4("255.255.255.255", 32, "broadcast"),
  v4("240.0.0.0", 4, "reserved"),
];

function parseDottedV4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

function classifyV4(value: number): AddressCategory {
  for (const range of V4_RANGES) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.base && value < range.base + size) return range.category;
  }
  return "public";
}

/** Expands an IPv6 text form (with optional embedded IPv4 tail) into eight 16-bit groups. */
function parseV6(text: string): number[] | null {
  let input = text.toLowerCase();
  const zone = input.indexOf("%");
  if (zone >= 0) input = input.slice(0, zone);
  const lastColon = input.lastIndexOf(":");
  const maybeV4 = input.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    // Rewrite an embedded dotted IPv4 tail as two hex groups, then parse as plain IPv6.
    const value = parseDottedV4(maybeV4);
    if (value === null) return null;
    input = `${input.slice(0, lastColon + 1)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
  }
  const halves = input.split("::");
  if (halves.length > 2) return null;
  const toGroups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = toGroups(halves[0] ?? "");
  const rest = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  const wanted = 8;
  const groups: number[] = [];
  const parseGroup = (g: string) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN);
  if (halves.length === 2) {
    const fill = wanted - head.length - rest.length;
    if (fill < 0) return null;
    groups.push(...head.map(parseGroup), ...Array<number>(fill).fill(0), ...rest.map(parseGroup));
  } else {
    if (head.length !== wanted) return null;
    groups.push(...head.map(parseGroup));
  }
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  return groups;
}

function embeddedV4(groups: number[]): number {
  return (groups[6] ?? 0) * 65536 + (groups[7] ?? 0);
}

function classifyV6(groups: number[]): AddressCategory {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstSixZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstSixZero && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
  if (firstSixZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms reach the
  // embedded IPv4 address, so they take its category.
  if (firstSixZero && (g5 === 0xffff || g5 === 0)) return classifyV4(embeddedV4(groups));
  // NAT64 well-known prefix 64:ff9b::/96 also embeds an IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyV4(embeddedV4(groups));
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): the operator's own translator, into its own network.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return "private";
  // 6to4 2002:AABB:CCDD::/48 embeds AABB.CCDD.
  if (g0 === 0x2002) return classifyV4(g1 * 65536 + g2);
  if ((g0 & 0xfe00) === 0xfc00) return "unique_local";
  if ((g0 & 0xffc0) === 0xfe80) return "link_local";
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "multicast";
  // Only 2000::/3 is global unicast; the rest (::ffff:0:a.b.c.d, 100::/64, 5f00::/16 …) is not for us.
  if ((g0 & 0xe000) !== 0x2000) return "reserved";
  // Teredo 2001::/32 tunnels to an IPv4 address (the server's, and the client's obfuscated): never a website.
  if (g0 === 0x2001 && g1 === 0) return "reserved";
  if (g0 === 0x2001 && g1 === 0x0002 && g2 === 0) return "reserved"; // benchmarking 2001:2::/48
  if (g0 === 0x2001 && (g1 & 0xfff0) === 0x0010) return "reserved"; // ORCHID 2001:10::/28
  if (g0 === 0x2001 && (g1 & 0xfff0) === 0x0020) return "reserved"; // ORCHIDv2 2001:20::/28
  if (g0 === 0x2001 && g1 === 0x0db8) return "reserved"; // documentation
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return "reserved"; // documentation 3fff::/20
  return "public";
}

/** Classifies one literal IP address (v4 dotted, v6, bracketed v6). Anything else is "invalid". */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(bare.split("%")[0] ?? "");
  let category: AddressCategory = "invalid";
  if (family === 4) {
    const value = parseDottedV4(bare);
    category = value === null ? "invalid" : classifyV4(value);
  } else if (family === 6) {
    const groups = parseV6(bare);
    category = groups ? classifyV6(groups) : "invalid";
  }
  return { address: bare, category, blocked: category !== "public" };
}

/** The hostname of a URL as the browser will use it: WHATWG parsing turns 2130706433, 0x7f.1 or 0177.0.0.1 into 127.0.0.1. */
export function literalAddressOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/**
 * A literal address as a number, for prefix matching: IPv4 as 32 bits; IPv6 as 128 bits, except
 * that an IPv4-mapped address (::ffff:a.b.c.d) is its IPv4 address, since that is where it connects.
 */
export function addressBits(address: string): { family: 4 | 6; value: bigint } | null {
  const bare = (address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address).split("%")[0] ?? "";
  const family = isIP(bare);
  if (family === 4) {
    const value = parseDottedV4(bare);
    return value === null ? null : { family: 4, value: BigInt(value) };
  }
  if (family !== 6) return null;
  const groups = parseV6(bare);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return { family: 4, value: BigInt(embeddedV4(groups)) };
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) };
}
