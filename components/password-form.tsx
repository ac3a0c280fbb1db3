"use client";

import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { changePasswordAction } from "../lib/actions/users/change-password";

/** Change your own password; every session ends with it, so you sign in again. */
export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="login"
      aria-label="Change password"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (f.get("next") !== f.get("confirm")) return setError("the two new passwords differ");
        setBusy(true);
        setError(null);
        const r = await changePasswordAction({ current: String(f.get("current")), next: String(f.get("next")) });
        setBusy(false);
        const failed = actionError(r);
        if (failed) return setError(failed);
        window.location.assign("/login?next=/account");
      }}
    >
      <label htmlFor="current">Current password</label>
      <input id="current" name="current" type="password" autoComplete="current-password" required />
      <label htmlFor="next">New password (at least 12 characters)</label>
      <input id="next" name="next" type="password" autoComplete="new-password" minLength={12} required />
      <label htmlFor="confirm">New password again</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? "Changing…" : "Change password"}</button>
    </form>
  );
}
