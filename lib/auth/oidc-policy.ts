/** What the identity provider said about the person (ID token / userinfo claims). */
export interface OidcClaims {
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
}

export interface OidcPolicy {
  /** The configured issuer (APO_OIDC_ISSUER). */
  issuer: string;
  /** Lower-case e-mail domains (APO_OIDC_ALLOWED_DOMAINS). */
  allowedDomains: readonly string[];
  /** Lower-case e-mail addresses (APO_OIDC_ALLOWED_EMAILS). */
  allowedEmails: readonly string[];
}

export type OidcDecision = { ok: true; principalId: string; email: string } | { ok: false; reason: string };

/** "a.com, B.com ," → ["a.com", "b.com"]. */
export function parseList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/**
 * The principal an OIDC sign-in acts as: the issuer and the subject, which the provider never
 * reassigns; never the e-mail, which anyone can register at a provider (the analyst account's
 * address included). The id keeps the subject's case: subjects are case-sensitive.
 */
export function oidcPrincipalId(issuer: string, sub: string): string {
  return `oidc:${issuer.trim().replace(/\/+$/, "")}#${sub}`;
}

/**
 * Whether an OIDC sign-in may proceed, and as whom. Fails closed: no allow-list means nobody, an
 * e-mail the provider has not verified (`email_verified` must be the boolean true) means nobody.
 */
export function decideOidcSignIn(claims: OidcClaims | undefined, policy: OidcPolicy): OidcDecision {
  if (!claims || typeof claims.sub !== "string" || claims.sub === "") return { ok: false, reason: "no subject" };
  if (typeof claims.email !== "string" || !claims.email.includes("@")) return { ok: false, reason: "no e-mail address" };
  if (claims.email_verified !== true) return { ok: false, reason: "e-mail address not verified by the provider" };
  if (policy.allowedDomains.length === 0 && policy.allowedEmails.length === 0) {
    return { ok: false, reason: "no allow-list configured (APO_OIDC_ALLOWED_DOMAINS, APO_OIDC_ALLOWED_EMAILS)" };
  }
  const email = claims.email.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (!policy.allowedEmails.includes(email) && !policy.allowedDomains.includes(domain)) {
    return { ok: false, reason: "e-mail address not on the allow-list" };
  }
  return { ok: true, principalId: oidcPrincipalId(policy.issuer, claims.sub), email };
}
