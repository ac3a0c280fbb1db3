import type { Metadata } from "next";
import type { ReactNode } from "react";
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
            <nav className="nav" aria-label="Console">
              <a href="/">Overview</a>
              <a href="/failures">Failures</a>
              <a href="/stores">Stores</a>
              <a href="/triggers">Triggers</a>
              <a href="/runs">Runs</a>
              <a href="/versions">Versions</a>
              {can(user.role, "audit.read") && <a href="/audit">Audit</a>}
              {can(user.role, "users.manage") && <a href="/users">Users</a>}
            </nav>
          )}
          {user && (
            <span className="who">
              <span data-testid="signed-in-as">{user.email}</span> <span className="role">{user.role}</span>{" "}
              <a href="/api/auth/signout">Sign out</a>
            </span>
          )}
        </header>
        <main><Providers>{children}</Providers></main>
      </body>
    </html>
  );
}
