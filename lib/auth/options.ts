import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getEnv, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { checkAdminCredentials } from "./check-password";
import { decideOidcSignIn, parseList, type OidcClaims, type OidcPolicy } from "./oidc-policy";
import { normalizePrincipalId, SESSION_VERSION } from "./principal";
import { safeRedirectUrl } from "./safe-callback";
import { resolveSecrets } from "./secret";

declare module "next-auth" {
  interface Session {
    /** Who owns what this session does: the analyst account's e-mail or `oidc:<issuer>#<sub>`. */
    principalId?: string;
  }
}

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

function oidcPolicy(env: Env): OidcPolicy | null {
  if (!env.APO_OIDC_ISSUER || !env.APO_OIDC_CLIENT_ID || !env.APO_OIDC_CLIENT_SECRET) return null;
  return { issuer: env.APO_OIDC_ISSUER, allowedDomains: parseList(env.APO_OIDC_ALLOWED_DOMAINS), allowedEmails: parseList(env.APO_OIDC_ALLOWED_EMAILS) };
}

// Single sign-on: APO_OIDC_ISSUER + APO_OIDC_CLIENT_ID + APO_OIDC_CLIENT_SECRET add a standard
// OpenID Connect provider (discovery via the issuer's well-known document). Who may sign in is
// decided by decideOidcSignIn (allow-list, verified e-mail), and they act as issuer#subject.
function oidcProvider(env: Env): OAuthConfig<OidcProfile> | null {
  if (!oidcPolicy(env)) return null;
  return {
    id: "oidc",
    name: env.APO_OIDC_NAME,
    type: "oauth",
    wellKnown: `${env.APO_OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    clientId: env.APO_OIDC_CLIENT_ID,
    clientSecret: env.APO_OIDC_CLIENT_SECRET,
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };
}

/**
 * The principal a fresh sign-in acts as, or null to refuse it. Credentials: the analyst account's
 * e-mail (tokens minted with --sub <email> own the same scans). OIDC: issuer#subject, and only for
 * an allowed, verified e-mail.
 */
export function principalForSignIn(provider: string | undefined, user: { id: string; email?: string | null }, profile: unknown, env: Env = getEnv()): string | null {
  if (provider === "credentials") return normalizePrincipalId(user.email ?? user.id);
  const policy = oidcPolicy(env);
  if (provider !== "oidc" || !policy) return null;
  const decision = decideOidcSignIn(profile as OidcClaims | undefined, policy);
  if (!decision.ok) {
    log.warn("oidc sign-in refused", { reason: decision.reason });
    return null;
  }
  return decision.principalId;
}

let cached: NextAuthOptions | undefined;

/** next-auth 4 options, built on first use so secrets resolve at run time, not at build. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const oidc = oidcProvider(env);
  cached = {
    secret: resolveSecrets().nextAuth,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Analyst account",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null;
          const email = await checkAdminCredentials(credentials.email, credentials.password);
          return email ? { id: email, email, name: email } : null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      signIn({ user, account, profile }) {
        return principalForSignIn(account?.provider, user, profile) !== null;
      },
      jwt({ token, user, account, profile }) {
        if (user) {
          const principal = principalForSignIn(account?.provider, user, profile);
          if (!principal) throw new Error("sign-in refused");
          token.sub = principal;
          token.apo = SESSION_VERSION;
        }
        return token;
      },
      session({ session, token }) {
        if (token.apo === SESSION_VERSION && token.sub) session.principalId = token.sub;
        return session;
      },
      redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
  };
  return cached;
}

/** Tests change the environment between cases. */
export function resetAuthOptionsCache(): void {
  cached = undefined;
}
