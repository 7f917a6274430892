import { describe, expect, it } from "vitest";
import { isolateEnv } from "@/tests/support/isolate-env";
import { resetEnvCache } from "@/lib/env";
import { getAuthOptions, resetAuthOptionsCache } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { resetSecretsCache } from "@/lib/auth/secret";

// After sign-in APO follows callbackUrl: only a path on this origin, never another host.

const HOSTILE = [
  "/\\evil.com",
  "/\\/evil.com",
  "\\\\evil.com",
  "//evil.com",
  "///evil.com",
  "https://evil.com",
  "http:evil.com",
  "javascript:alert(1)",
  "/%5Cevil.com",
  "/%5cevil.com",
  "/%2F%2Fevil.com",
  "/%2fevil.com",
  "/\tevil.com",
  "/\n/evil.com",
  "/ /evil.com",
  "evil.com",
  "",
  "/" + "a".repeat(3000),
];

describe("safeCallbackPath", () => {
  it.each(HOSTILE)("refuses %j and falls back to /scans", (value) => {
    expect(safeCallbackPath(value)).toBe("/scans");
  });

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 42, ["/scans/1"], { toString: () => "/x" }]) expect(safeCallbackPath(v)).toBe("/scans");
  });

  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeCallbackPath("/scans/new")).toBe("/scans/new");
    expect(safeCallbackPath("/scans?status=complete&url=https%3A%2F%2Fwww.example.com%2F")).toBe("/scans?status=complete&url=https%3A%2F%2Fwww.example.com%2F");
    expect(safeCallbackPath("/scans/abc#violations")).toBe("/scans/abc#violations");
    expect(safeCallbackPath("/")).toBe("/");
  });

  it("resolves dot segments without leaving the origin", () => {
    expect(safeCallbackPath("/scans/../tokens")).toBe("/tokens");
    expect(safeCallbackPath("/../../evil.com")).toBe("/evil.com");
  });

  it("takes another fallback", () => {
    expect(safeCallbackPath("//evil.com", "/")).toBe("/");
  });
});

describe("next-auth's redirect callback", () => {
  isolateEnv({}, [resetAuthOptionsCache]);

  async function redirect(url: string): Promise<string> {
    process.env.APO_JWT_SECRET = "unit-test-secret-0123456789abcdef0123456789";
    resetEnvCache();
    resetSecretsCache();
    resetAuthOptionsCache();
    const cb = getAuthOptions().callbacks?.redirect;
    expect(cb).toBeTypeOf("function");
    return cb!({ url, baseUrl: "http://localhost:8000" });
  }

  it("sends hostile callback URLs to /scans on this origin", async () => {
    for (const url of HOSTILE) expect(await redirect(url), url).toBe("http://localhost:8000/scans");
    expect(await redirect("http://localhost:8000.evil.com/scans")).toBe("http://localhost:8000/scans");
  });

  it("keeps this origin's paths, relative or absolute", async () => {
    expect(await redirect("/scans/new")).toBe("http://localhost:8000/scans/new");
    expect(await redirect("http://localhost:8000/scans/abc?x=1")).toBe("http://localhost:8000/scans/abc?x=1");
    expect(await redirect("/login")).toBe("http://localhost:8000/login");
  });
});
