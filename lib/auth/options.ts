import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { loadConfig, type Config } from "../config";
import { control } from "../control/db";
import { attemptLogin } from "../control/login";
import { oidcEmailVerified } from "./oidc";
import { activeUser, revokeSessions, sessionVersionOf } from "../control/users";

/** The session-signing secret: NEXTAUTH_SECRET, else one generated once and kept in the workspace. */
function sessionSecret(config: Config): string {
  if (config.auth.secret) return config.auth.secret;
  const file = join(config.dataDir, ".session-secret");
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}

/** The client's address as the server saw it (the first X-Forwarded-For hop Next.js records). */
function clientAddress(headers: Record<string, unknown> | undefined): string | null {
  const h = headers?.["x-forwarded-for"] ?? headers?.["x-real-ip"];
  const v = Array.isArray(h) ? h[0] : h;
  return typeof v === "string" && v.trim() ? v.split(",")[0]!.trim() : null;
}

/** next-auth: local users (credentials) always; a generic OIDC provider when configured. */
export function authOptions(): NextAuthOptions {
  const config = loadConfig();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        // Throttled per account and per client address (LoginLocked's message reaches the form).
        const user = await attemptLogin(control(config), { email: credentials.email, password: credentials.password, ip: clientAddress(req?.headers) });
        return user ? { id: String(user.id), email: user.email, name: user.name ?? user.email } : null;
      },
    }),
  ];
  if (config.auth.oidc) {
    providers.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${config.auth.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.auth.oidc.clientId,
      clientSecret: config.auth.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? null }),
    });
  }
  return {
    providers,
    secret: sessionSecret(config),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login" },
    callbacks: {
      // Single sign-on only lets in people an admin added (`storematch users add`), with their role.
      // With OIDC, only an address the identity provider verified (email_verified) is trusted.
      async signIn({ user, account, profile }) {
        if (account?.provider === "oidc" && !oidcEmailVerified(profile)) return false;
        return !!user.email && !!(await activeUser(control(config), user.email));
      },
      // The token carries the user's session version from sign-in; currentUser() refuses it once
      // the version moved on (sign-out, disable, role or password change).
      async jwt({ token, user }) {
        if (user?.email) token.sv = await sessionVersionOf(control(config), user.email);
        return token;
      },
      async session({ session, token }) {
        return { ...session, sv: token.sv };
      },
    },
    events: {
      // Signing out ends every session of the user, so a copied token is worthless afterwards.
      async signOut({ token }) {
        if (token?.email) await revokeSessions(control(config), token.email, token.email, "signed out");
      },
    },
  };
}
