/**
 * Whether an OIDC profile's email may be trusted to pick a storematch account: only when the
 * identity provider says it verified it (`email_verified: true`; some send the string "true").
 * An unverified address could be anyone's, and accounts are matched by email.
 */
export function oidcEmailVerified(profile: unknown): boolean {
  const p = profile as { email?: unknown; email_verified?: unknown } | null | undefined;
  return typeof p?.email === "string" && p.email.length > 0 && (p.email_verified === true || p.email_verified === "true");
}
