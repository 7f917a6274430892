import { describe, expect, it } from "vitest";
import { isAllowedPrivateAddress, isCloudMetadataAddress, parseAllowedPrivateCidrs, parseCidr } from "@/agents/safety/private-cidrs";
import { createResolveGuard } from "@/agents/safety/resolve-guard";
import { parseEnv } from "@/lib/env";

describe("parseAllowedPrivateCidrs", () => {
  it("parses a comma list, normalising each range", () => {
    expect(parseAllowedPrivateCidrs(" 10.20.0.0/16, fd12:3456:0::/48 ,192.168.7.9").map((c) => c.text)).toEqual([
      "10.20.0.0/16",
      "fd12:3456::/48",
      "192.168.7.9/32",
    ]);
    expect(parseAllowedPrivateCidrs("")).toEqual([]);
    expect(parseAllowedPrivateCidrs(undefined)).toEqual([]);
  });

  it.each([
    ["10.20.0.0/33", /0–32/],
    ["10.20.1.0/16", /host bits set \(did you mean 10\.20\.0\.0\/16\?\)/],
    ["intranet/16", /not a CIDR/],
    ["10.20.0.0/16/2", /not a CIDR/],
    ["10.20.0.0/x", /prefix length/],
    ["::ffff:10.0.0.0/104", /IPv4-mapped/],
  ])("refuses %s", (entry, message) => {
    expect(() => parseCidr(entry)).toThrow(message);
  });

  it.each([
    ["127.0.0.0/8", "loopback"],
    ["127.0.0.1", "loopback"],
    ["0.0.0.0/0", "unspecified"],
    ["169.254.0.0/16", "link-local"],
    ["169.254.169.254/32", "link-local"],
    ["::/0", "unspecified"],
    ["::1/128", "loopback"],
    ["fe80::/64", "link-local"],
    ["224.0.0.0/8", "multicast"],
  ])("refuses %s, which overlaps %s space", (entry, what) => {
    expect(() => parseAllowedPrivateCidrs(`10.20.0.0/16,${entry}`)).toThrow(new RegExp(`"${entry.replace(/[./]/g, "\\$&")}" overlaps ${what}`));
  });
});

describe("isAllowedPrivateAddress", () => {
  const allowed = parseAllowedPrivateCidrs("10.20.0.0/16,fd00::/8,100.64.0.0/10,192.0.0.0/24");

  it("allows addresses inside the listed ranges, in any spelling", () => {
    for (const address of ["10.20.0.1", "10.20.255.254", "::ffff:10.20.1.1", "::ffff:a14:101", "fd00::1", "fd12:3456::5", "100.64.0.1"]) {
      expect(isAllowedPrivateAddress(address, allowed), address).toBe(true);
    }
  });

  it("refuses addresses outside them and metadata endpoints inside them", () => {
    for (const address of ["10.21.0.1", "192.168.1.1", "fc00::1", "fd00:ec2::254", "fd00:ec2::23", "100.100.100.200", "::ffff:100.100.100.200", "192.0.0.192"]) {
      expect(isAllowedPrivateAddress(address, allowed), address).toBe(false);
    }
    expect(isAllowedPrivateAddress("10.20.0.1", [])).toBe(false);
  });

  it("never allows loopback, link-local or unspecified, whatever the list says", () => {
    // Built without the parse-time check, as a caller passing its own ranges could.
    const everything = [parseCidr("0.0.0.0/0"), parseCidr("::/0")];
    for (const address of ["127.0.0.1", "169.254.169.254", "0.0.0.0", "::1", "::", "fe80::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "224.0.0.1"]) {
      expect(isAllowedPrivateAddress(address, everything), address).toBe(false);
    }
    expect(isAllowedPrivateAddress("10.0.0.1", everything)).toBe(true);
  });

  it("knows the cloud metadata endpoints", () => {
    for (const address of ["169.254.169.254", "fd00:ec2::254", "FD00:EC2:0::254", "100.100.100.200", "::ffff:169.254.169.254"]) {
      expect(isCloudMetadataAddress(address), address).toBe(true);
    }
    expect(isCloudMetadataAddress("10.0.0.1")).toBe(false);
  });
});

describe("the resolve guard with allowedPrivateCidrs", () => {
  const table: Record<string, string[]> = {
    "intranet.test": ["10.20.1.5"],
    "outside.test": ["10.21.1.5"],
    "half.test": ["10.20.1.5", "127.0.0.1"],
    "imds6.test": ["fd00:ec2::254"],
    "public.test": ["93.184.216.34"],
  };
  const lookup = async (host: string) => {
    const hit = table[host];
    if (!hit) throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
    return hit;
  };

  it("allows names and literals inside the ranges, refuses the rest", async () => {
    const guard = createResolveGuard({ allowPrivate: false, allowedPrivateCidrs: ["10.20.0.0/16", "fd00::/8"], lookup });
    expect(await guard.check("http://intranet.test/")).toMatchObject({ allowed: true });
    expect(await guard.check("http://10.20.9.9:8080/")).toMatchObject({ allowed: true });
    expect(await guard.check("http://public.test/")).toMatchObject({ allowed: true });
    expect(await guard.resolveHost("intranet.test")).toEqual({ allowed: true, reason: null, addresses: ["10.20.1.5"] });
    expect(await guard.check("http://outside.test/")).toMatchObject({ allowed: false, reason: "outside.test resolves to 10.21.1.5 is a private address" });
    expect(await guard.check("http://half.test/")).toMatchObject({ allowed: false, reason: "half.test resolves to 127.0.0.1 is a loopback address" });
    expect(await guard.check("http://imds6.test/")).toMatchObject({ allowed: false, reason: "imds6.test resolves to fd00:ec2::254 is a cloud metadata address" });
    expect(await guard.check("http://[fd00:ec2::254]/")).toMatchObject({ allowed: false });
    expect(await guard.check("http://169.254.169.254/")).toMatchObject({ allowed: false });
    expect(await guard.check("http://localhost/")).toMatchObject({ allowed: false });
  });

  it("without a list nothing private is allowed", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    expect(await guard.check("http://intranet.test/")).toMatchObject({ allowed: false });
  });

  it("throws on a list that overlaps loopback", () => {
    expect(() => createResolveGuard({ allowPrivate: false, allowedPrivateCidrs: ["127.0.0.0/8"], lookup })).toThrow(/loopback/);
  });
});

describe("APO_ALLOWED_PRIVATE_CIDRS", () => {
  it("defaults to none and normalises a valid list", () => {
    expect(parseEnv({}).APO_ALLOWED_PRIVATE_CIDRS).toEqual([]);
    expect(parseEnv({ APO_ALLOWED_PRIVATE_CIDRS: "10.20.0.0/16, fd12::/16" }).APO_ALLOWED_PRIVATE_CIDRS).toEqual(["10.20.0.0/16", "fd12::/16"]);
  });

  it("stops the app with the variable's name and the bad entry", () => {
    expect(() => parseEnv({ APO_ALLOWED_PRIVATE_CIDRS: "10.20.0.0/16,127.0.0.0/8" })).toThrow(/APO_ALLOWED_PRIVATE_CIDRS: "127\.0\.0\.0\/8" overlaps loopback/);
    expect(() => parseEnv({ APO_ALLOWED_PRIVATE_CIDRS: "intranet" })).toThrow(/APO_ALLOWED_PRIVATE_CIDRS: "intranet" is not a CIDR/);
    expect(() => parseEnv({ APO_ALLOWED_PRIVATE_CIDRS: "169.254.0.0/16" })).toThrow(/APO_ALLOWED_PRIVATE_CIDRS: .*link-local/);
  });
});
