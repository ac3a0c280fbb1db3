import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NavLinks } from "../components/nav-links";
import { Providers } from "../components/providers";
import { can } from "../lib/auth/permissions";
import { currentUser } from "../lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: "storematch",
  description: "GI ↔ TH store matching: matches, failures and their reasons",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">storematch</span>
          <span className="muted">GI ↔ TH store matching</span>
          {user && (
            <NavLinks
              links={[
                { href: "/", label: "Overview" },
                { href: "/failures", label: "Failures" },
                { href: "/stores", label: "Stores" },
                { href: "/review", label: "Review" },
                { href: "/triggers", label: "Triggers" },
                { href: "/runs", label: "Runs" },
                { href: "/versions", label: "Versions" },
                { href: "/model", label: "Model" },
                ...(can(user.role, "audit.read") ? [{ href: "/audit", label: "Audit" }] : []),
                ...(can(user.role, "users.manage") ? [{ href: "/users", label: "Users" }] : []),
              ]}
            />
          )}
          {user && (
            <span className="who">
              <a href="/account" data-testid="signed-in-as">{user.email}</a> <span className="role">{user.role}</span>{" "}
              <a href="/api/auth/signout">Sign out</a>
            </span>
          )}
        </header>
        <main><Providers>{children}</Providers></main>
      </body>
    </html>
  );
}
