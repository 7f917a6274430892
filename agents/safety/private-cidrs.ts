import { isIP } from "node:net";
import { addressBits, classifyAddress, type AddressCategory } from "./ip-policy";

/**
 * The operator's allow-list of private ranges (APO_ALLOWED_PRIVATE_CIDRS): an intranet a scan may
 * reach while the egress proxy stays on. Some addresses stay out of reach whatever is listed: a
 * range that overlaps loopback, link-local, unspecified, multicast or broadcast space is refused
 * when it is parsed (so a bad configuration stops the app), and the cloud metadata endpoints that
 * sit inside ordinary private space (fd00:ec2::254 in fd00::/8, 100.100.100.200 in 100.64.0.0/10)
 * are refused even inside a listed range.
 */
export interface Cidr {
  /** Normalised text, e.g. "10.20.0.0/16". */
  text: string;
  family: 4 | 6;
  base: bigint;
  bits: number;
}

const WIDTH = { 4: 32, 6: 128 } as const;

/** Never reachable, whatever an operator lists; the guard checks the categories, parsing checks the ranges. */
const NEVER_CATEGORIES: ReadonlySet<AddressCategory> = new Set(["loopback", "link_local", "unspecified", "multicast", "broadcast", "invalid"]);
const NEVER_RANGES: ReadonlyArray<[string, string]> = [
  ["0.0.0.0/8", "unspecified"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fe80::/10", "link-local"],
  ["ff00::/8", "multicast"],
];

// Instance metadata services: AWS (IMDS, ECS task metadata, EKS Pod Identity; v4 and v6), GCP
// (v6), Alibaba Cloud, Oracle Cloud Classic. The 169.254/16 ones are link-local and refused anyway.
const CLOUD_METADATA = [
  "169.254.169.254", "169.254.170.2", "169.254.170.23", "fd00:ec2::254", "fd00:ec2::23", "fd20:ce::254", "100.100.100.200", "192.0.0.192",
];
const keyOf = (bits: { family: 4 | 6; value: bigint }) => `${bits.family}:${bits.value}`;
const METADATA_KEYS: ReadonlySet<string> = new Set(CLOUD_METADATA.map((a) => keyOf(addressBits(a)!)));

function formatBits(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 prints it.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

/** "10.20.0.0/16", "fd12:3456::/32", or a single address. Throws an Error whose message names the entry. */
export function parseCidr(entry: string): Cidr {
  const text = entry.trim();
  const [address = "", prefix, extra] = text.split("/");
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || extra !== undefined) throw new Error(`"${text}" is not a CIDR (e.g. 10.20.0.0/16)`);
  const parsed = addressBits(address);
  if (!parsed) throw new Error(`"${text}" is not a CIDR (e.g. 10.20.0.0/16)`);
  if (parsed.family !== family) throw new Error(`"${text}" is an IPv4-mapped range: write it as IPv4`);
  const width = WIDTH[family];
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) throw new Error(`"${text}" has no valid prefix length`);
  const bits = prefix === undefined ? width : Number(prefix);
  if (bits > width) throw new Error(`"${text}": an IPv${family} prefix length is 0–${width}`);
  const hostMask = (1n << BigInt(width - bits)) - 1n;
  const base = parsed.value & ~hostMask;
  if (parsed.value !== base) throw new Error(`"${text}" has host bits set (did you mean ${formatBits(family, base)}/${bits}?)`);
  return { text: `${formatBits(family, base)}/${bits}`, family, base, bits };
}

function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shift = BigInt(WIDTH[a.family] - Math.min(a.bits, b.bits));
  return a.base >> shift === b.base >> shift;
}

function contains(cidr: Cidr, address: { family: 4 | 6; value: bigint }): boolean {
  if (cidr.family !== address.family) return false;
  const shift = BigInt(WIDTH[cidr.family] - cidr.bits);
  return cidr.base >> shift === address.value >> shift;
}

const NEVER = NEVER_RANGES.map(([range, what]) => ({ cidr: parseCidr(range), what }));

/**
 * Parses the comma list of APO_ALLOWED_PRIVATE_CIDRS (empty or absent: none). Throws an Error
 * naming the first bad entry, including one that overlaps space a scan may never reach.
 */
export function parseAllowedPrivateCidrs(list: string | readonly string[] | undefined): Cidr[] {
  const entries = (typeof list === "string" ? list.split(",") : (list ?? [])).map((e) => e.trim()).filter(Boolean);
  return entries.map((entry) => {
    const cidr = parseCidr(entry);
    const clash = NEVER.find((n) => overlaps(cidr, n.cidr));
    if (clash) throw new Error(`"${entry}" overlaps ${clash.what} addresses (${clash.cidr.text}), which a scan may never reach`);
    return cidr;
  });
}

/** An instance metadata endpoint (169.254.169.254, fd00:ec2::254, 100.100.100.200 …), in any spelling. */
export function isCloudMetadataAddress(address: string): boolean {
  const bits = addressBits(address);
  return bits !== null && METADATA_KEYS.has(keyOf(bits));
}

/**
 * True when a non-public address is inside an operator-listed range and is none of the addresses
 * that stay refused regardless (loopback, link-local, unspecified, multicast, cloud metadata; seen
 * through IPv4-mapped, NAT64 and 6to4 spellings).
 */
export function isAllowedPrivateAddress(address: string, allowed: readonly Cidr[]): boolean {
  if (allowed.length === 0) return false;
  if (NEVER_CATEGORIES.has(classifyAddress(address).category) || isCloudMetadataAddress(address)) return false;
  const bits = addressBits(address);
  return bits !== null && allowed.some((cidr) => contains(cidr, bits));
}
