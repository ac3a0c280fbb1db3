import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "storematch",
  description: "GI ↔ TH store matching: matches, failures and their reasons",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">storematch</span>
          <span className="muted">GI ↔ TH store matching</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
