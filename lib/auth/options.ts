import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getEnv } from "@/lib/env";
import { checkAdminCredentials } from "./check-password";
import { resolveSecrets } from "./secret";

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
}

// Room for single sign-on: APO_OIDC_ISSUER + APO_OIDC_CLIENT_ID + APO_OIDC_CLIENT_SECRET add a
// standard OpenID Connect provider (discovery via the issuer's well-known document).
function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const env = getEnv();
  if (!env.APO_OIDC_ISSUER || !env.APO_OIDC_CLIENT_ID || !env.APO_OIDC_CLIENT_SECRET) return null;
  return {
    id: "oidc",
    name: env.APO_OIDC_NAME,
    type: "oauth",
    wellKnown: `${env.APO_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    clientId: env.APO_OIDC_CLIENT_ID,
    clientSecret: env.APO_OIDC_CLIENT_SECRET,
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };
}

let cached: NextAuthOptions | undefined;

/** next-auth 4 options, built on first use so secrets resolve at run time, not at build. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const oidc = oidcProvider();
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
      // The principal id is the email when there is one, so tokens minted with --sub <email> own the same scans.
      jwt({ token, user }) {
        if (user) token.sub = (user.email ?? user.id).toLowerCase();
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.email ??= token.sub;
        return session;
      },
    },
  };
  return cached;
}
