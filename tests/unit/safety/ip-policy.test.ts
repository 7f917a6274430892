import { describe, expect, it } from "vitest";
import { classifyAddress, literalAddressOf } from "@/agents/safety/ip-policy";
import { createResolveGuard } from "@/agents/safety/resolve-guard";
import { assertPublicTarget, PrivateTargetError, UnresolvableTargetError } from "@/agents/safety";

const hostOf = (url: string) => new URL(url).hostname;

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.1.2", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link_local"],
    ["169.254.170.2", "link_local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique_local"],
    ["fd12:3456::1", "unique_local"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "link_local"],
    ["2002:c0a8:0101::1", "private"],
    ["[::1]", "loopback"],
  ])("%s is %s and blocked", (address, category) => {
    const verdict = classifyAddress(address);
    expect(verdict.category).toBe(category);
    expect(verdict.blocked).toBe(true);
  });

  it.each([
    // Local-use NAT64 (RFC 8215) reaches the operator's own IPv4 network, whatever it embeds.
    ["64:ff9b:1::a00:1", "private"],
    ["64:ff9b:1::808:808", "private"],
    // Teredo tunnels to an IPv4 server and an obfuscated IPv4 client.
    ["2001::1", "reserved"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
    // 6to4 relay anycast, directly and embedded in a 6to4 address.
    ["192.88.99.1", "reserved"],
    ["2002:c058:6301::1", "reserved"],
    // IPv4-mapped in every spelling takes the mapped address's category.
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "link_local"],
    ["::ffff:100.64.0.1", "cgnat"],
    ["::ffff:192.88.99.1", "reserved"],
    // NAT64 well-known prefix with a non-public IPv4 inside.
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "loopback"],
    // Outside global unicast 2000::/3, and special blocks inside it.
    ["::ffff:0:7f00:1", "reserved"],
    ["100::1", "reserved"],
    ["5f00::1", "reserved"],
    ["4000::1", "reserved"],
    ["2001:2::1", "reserved"],
    ["2001:10::1", "reserved"],
    ["2001:20::1", "reserved"],
    ["3fff::1", "reserved"],
  ])("%s is not public (%s)", (address, category) => {
    expect(classifyAddress(address)).toMatchObject({ category, blocked: true });
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e", "64:ff9b::808:808", "2001:4860:4860::8888", "2002:808:808::1", "3fff:1000::1", "192.88.100.1"])(
    "%s is public",
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ category: "public", blocked: false });
    },
  );

  it("treats non-addresses as invalid (and blocked)", () => {
    expect(classifyAddress("example.com").category).toBe("invalid");
    expect(classifyAddress("1.2.3").category).toBe("invalid");
    expect(classifyAddress("1:2:3:4:5:6:7:8:9").category).toBe("invalid");
  });

  it("sees through decimal, hex and octal hosts once the URL parser normalised them", () => {
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/", "http://[::ffff:127.0.0.1]/"]) {
      const literal = literalAddressOf(hostOf(url));
      expect(literal, url).not.toBeNull();
      expect(classifyAddress(literal ?? "").category, url).toBe("loopback");
    }
    expect(literalAddressOf(hostOf("http://0/"))).toBe("0.0.0.0");
    expect(literalAddressOf("www.example.com")).toBeNull();
  });
});

describe("createResolveGuard", () => {
  const lookup = async (host: string): Promise<string[]> => {
    const table: Record<string, string[]> = {
      "public.test": ["93.184.216.34"],
      "mixed.test": ["93.184.216.34", "10.0.0.5"],
      "metadata.test": ["169.254.169.254"],
      "v6.test": ["2606:4700::1", "::1"],
    };
    const hit = table[host];
    if (!hit) throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
    return hit;
  };

  it("allows public hosts and refuses a host when any address is private", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    expect((await guard.check("https://public.test/x")).allowed).toBe(true);
    expect(await guard.check("https://mixed.test/")).toMatchObject({ allowed: false });
    expect((await guard.check("http://metadata.test/latest/meta-data")).reason).toContain("link-local");
    expect((await guard.check("http://v6.test/")).allowed).toBe(false);
    expect((await guard.check("http://169.254.169.254/")).allowed).toBe(false);
    expect((await guard.check("http://localhost:3000/")).allowed).toBe(false);
    expect((await guard.check("http://nowhere.test/")).allowed).toBe(false);
    expect((await guard.check("data:text/plain,hi")).allowed).toBe(true);
  });

  it("caches answers per scan and keeps a rebinding host refused", async () => {
    let calls = 0;
    let answer = "10.0.0.1";
    const guard = createResolveGuard({
      allowPrivate: false,
      ttlMs: 0,
      lookup: async () => {
        calls += 1;
        return [answer];
      },
    });
    expect((await guard.check("http://rebind.test/")).allowed).toBe(false);
    answer = "93.184.216.34";
    expect((await guard.check("http://rebind.test/")).allowed).toBe(false);
    expect(calls).toBe(1);
  });

  it("allows everything when private targets are allowed", async () => {
    const guard = createResolveGuard({ allowPrivate: true, lookup });
    expect((await guard.check("http://127.0.0.1/")).allowed).toBe(true);
  });

  it("assertPublicTarget throws a PrivateTargetError", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    await expect(assertPublicTarget("http://[::ffff:7f00:1]/", guard)).rejects.toBeInstanceOf(PrivateTargetError);
    await expect(assertPublicTarget("https://public.test/", guard)).resolves.toBeUndefined();
  });

  it("assertPublicTarget tells a name that does not resolve from a private target, and never suggests switching the guard off", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    const unresolved = await assertPublicTarget("https://www.nowhere.test/path", guard).catch((e: unknown) => e);
    expect(unresolved).toBeInstanceOf(UnresolvableTargetError);
    expect(unresolved).not.toBeInstanceOf(PrivateTargetError);
    expect(unresolved).toMatchObject({ code: "unresolvable_target", message: "could not resolve www.nowhere.test", hostname: "www.nowhere.test" });
    const empty = createResolveGuard({ allowPrivate: false, lookup: async () => [] });
    await expect(assertPublicTarget("https://empty.test/", empty)).rejects.toMatchObject({ code: "unresolvable_target" });
    const refused = await assertPublicTarget("http://metadata.test/latest", guard).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "private_target", message: "Refusing to scan http://metadata.test/latest: metadata.test resolves to 169.254.169.254 is a link-local address" });
    for (const error of [unresolved, refused]) expect((error as Error).message).not.toMatch(/APO_|allow/i);
  });

  it("reports an unresolved name as such from check()", async () => {
    const guard = createResolveGuard({ allowPrivate: false, lookup });
    expect(await guard.check("http://nowhere.test/")).toMatchObject({ allowed: false, unresolved: true });
    expect(await guard.check("http://mixed.test/")).toMatchObject({ allowed: false, unresolved: false });
  });
});
