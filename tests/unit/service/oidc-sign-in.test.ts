import { describe, expect, it } from "vitest";
import { isolateEnv } from "@/tests/support/isolate-env";
import type { Account, Profile, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { getAuthOptions, resetAuthOptionsCache } from "@/lib/auth/options";
import { decideOidcSignIn, oidcPrincipalId, parseList, type OidcPolicy } from "@/lib/auth/oidc-policy";
import { resetSecretsCache } from "@/lib/auth/secret";
import { parseEnv, resetEnvCache } from "@/lib/env";

// Single sign-on lets in only allowed, verified e-mail addresses, and acts as the provider's
// issuer + subject: registering the analyst's address at the provider does not make you the analyst.

const ISSUER = "https://idp.example.com/realms/apo";
const policy = (p: Partial<OidcPolicy> = {}): OidcPolicy => ({ issuer: ISSUER, allowedDomains: ["corp.example"], allowedEmails: ["contractor@gmail.test"], ...p });
const claims = (c: Record<string, unknown> = {}) => ({ sub: "248289761001", email: "alice@corp.example", email_verified: true, ...c });

describe("decideOidcSignIn", () => {
  it("admits a verified address on an allowed domain or list, as issuer#subject", () => {
    expect(decideOidcSignIn(claims(), policy())).toEqual({ ok: true, principalId: `oidc:${ISSUER}#248289761001`, email: "alice@corp.example" });
    expect(decideOidcSignIn(claims({ email: "Contractor@Gmail.test" }), policy())).toMatchObject({ ok: true, email: "contractor@gmail.test" });
    expect(decideOidcSignIn(claims({ email: "ALICE@CORP.EXAMPLE" }), policy())).toMatchObject({ ok: true });
  });

  it("refuses an address the provider has not verified (true, the boolean, only)", () => {
    for (const email_verified of [false, undefined, "true", 1, null]) {
      expect(decideOidcSignIn(claims({ email_verified }), policy()), String(email_verified)).toMatchObject({ ok: false });
    }
  });

  it("fails closed: no allow-list, nobody", () => {
    expect(decideOidcSignIn(claims(), policy({ allowedDomains: [], allowedEmails: [] }))).toMatchObject({ ok: false, reason: expect.stringContaining("allow-list") });
  });

  it("refuses addresses off the list, look-alike domains, and missing claims", () => {
    for (const email of ["mallory@evil.example", "alice@corp.example.evil.test", "alice@sub.corp.example", "alice@evilcorp.example", "contractor@gmail.test.evil", "not-an-email"]) {
      expect(decideOidcSignIn(claims({ email }), policy()), email).toMatchObject({ ok: false });
    }
    expect(decideOidcSignIn(claims({ sub: "" }), policy())).toMatchObject({ ok: false });
    expect(decideOidcSignIn(claims({ sub: undefined }), policy())).toMatchObject({ ok: false });
    expect(decideOidcSignIn(claims({ email: undefined }), policy())).toMatchObject({ ok: false });
    expect(decideOidcSignIn(undefined, policy())).toMatchObject({ ok: false });
  });

  it("never acts as the e-mail address, and keeps the subject's case", () => {
    const admin = decideOidcSignIn(claims({ email: "analyst@corp.example", sub: "00uAbC" }), policy());
    expect(admin).toMatchObject({ ok: true, principalId: `oidc:${ISSUER}#00uAbC` });
    expect(oidcPrincipalId(`${ISSUER}/`, "x")).toBe(oidcPrincipalId(ISSUER, "x"));
  });

  it("reads comma lists", () => {
    expect(parseList(" Corp.Example, ,other.test ")).toEqual(["corp.example", "other.test"]);
    expect(parseList(undefined)).toEqual([]);
  });

  it("the allow-list variables are part of the validated environment", () => {
    const env = parseEnv({ APO_OIDC_ALLOWED_DOMAINS: "corp.example", APO_OIDC_ALLOWED_EMAILS: "a@b.test" });
    expect(env.APO_OIDC_ALLOWED_DOMAINS).toBe("corp.example");
    expect(env.APO_OIDC_ALLOWED_EMAILS).toBe("a@b.test");
  });
});

describe("next-auth callbacks", () => {
  isolateEnv({}, [resetAuthOptionsCache]);

  function options(extra: Record<string, string> = {}) {
    delete process.env.APO_OIDC_ALLOWED_DOMAINS;
    delete process.env.APO_OIDC_ALLOWED_EMAILS;
    Object.assign(process.env, {
      APO_JWT_SECRET: "unit-test-secret-0123456789abcdef0123456789",
      APO_ADMIN_EMAIL: "analyst@corp.example",
      APO_ADMIN_PASSWORD: "correct horse battery staple",
      APO_OIDC_ISSUER: ISSUER,
      APO_OIDC_CLIENT_ID: "apo",
      APO_OIDC_CLIENT_SECRET: "client-secret",
      ...extra,
    });
    resetEnvCache();
    resetSecretsCache();
    resetAuthOptionsCache();
    return getAuthOptions();
  }

  const oidcAccount = (sub: string): Account => ({ provider: "oidc", type: "oauth", providerAccountId: sub });
  const userOf = (c: Record<string, unknown>): User => ({ id: String(c.sub), email: String(c.email), name: null });

  async function signInAndJwt(opts: ReturnType<typeof options>, c: Record<string, unknown>, account: Account): Promise<{ allowed: unknown; token: JWT | null }> {
    const user = userOf(c);
    const profile = c as Profile;
    const allowed = await opts.callbacks!.signIn!({ user, account, profile });
    if (allowed !== true) return { allowed, token: null };
    const token = await opts.callbacks!.jwt!({ token: { sub: user.id, email: user.email }, user, account, profile, trigger: "signIn" });
    return { allowed, token };
  }

  it("an OIDC user who registered the analyst's address at the provider is not the analyst", async () => {
    const opts = options({ APO_OIDC_ALLOWED_DOMAINS: "corp.example" });
    const { allowed, token } = await signInAndJwt(opts, claims({ sub: "attacker-1", email: "analyst@corp.example" }), oidcAccount("attacker-1"));
    expect(allowed).toBe(true);
    expect(token?.sub).toBe(`oidc:${ISSUER}#attacker-1`);
    expect(token?.sub).not.toBe("analyst@corp.example");
    const session = (await opts.callbacks!.session!({ session: { expires: "", user: { email: "analyst@corp.example" } }, token: token!, user: { id: "x", email: "analyst@corp.example", emailVerified: null }, newSession: undefined, trigger: "update" })) as Session;
    expect(session.principalId).toBe(`oidc:${ISSUER}#attacker-1`);
  });

  it("refuses unverified addresses and, with no allow-list, everyone", async () => {
    let opts = options({ APO_OIDC_ALLOWED_DOMAINS: "corp.example" });
    expect((await signInAndJwt(opts, claims({ email_verified: false }), oidcAccount("248289761001"))).allowed).toBe(false);
    opts = options();
    expect((await signInAndJwt(opts, claims(), oidcAccount("248289761001"))).allowed).toBe(false);
  });

  it("the analyst account still signs in as its e-mail", async () => {
    const opts = options();
    const user: User = { id: "analyst@corp.example", email: "Analyst@corp.example", name: "analyst@corp.example" };
    const account: Account = { provider: "credentials", type: "credentials", providerAccountId: "analyst@corp.example" };
    expect(await opts.callbacks!.signIn!({ user, account, profile: undefined })).toBe(true);
    const token = await opts.callbacks!.jwt!({ token: {}, user, account, trigger: "signIn" });
    expect(token.sub).toBe("analyst@corp.example");
  });
});
