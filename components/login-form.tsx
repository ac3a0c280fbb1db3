"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { safeNextPath } from "../lib/auth/next-path";

export function LoginForm({ sso, next }: { sso: boolean; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const r = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
    setBusy(false);
    // Checked again here, against this page's own origin: only a path of this console.
    if (r?.ok) window.location.assign(safeNextPath(next, window.location.origin));
    else if (r?.error?.startsWith("Too many failed sign-ins")) setError(r.error);
    else setError("Wrong email or password, or the account is disabled. Ask an admin (`storematch users add`) if you have no account.");
  }

  return (
    <form className="login" onSubmit={submit} aria-label="Sign in">
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      {sso && <button type="button" onClick={() => signIn("oidc", { callbackUrl: safeNextPath(next, window.location.origin) })}>Sign in with single sign-on</button>}
    </form>
  );
}
