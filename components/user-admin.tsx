"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { addUserAction } from "../lib/actions/users/add-user";
import { resetPasswordAction } from "../lib/actions/users/reset-password";
import { updateUserAction } from "../lib/actions/users/update-user";
import type { UserDto } from "../lib/control/users";

const ROLES = ["analyst", "steward", "admin"] as const;

/** Add users (the generated password is shown once), change roles, disable and re-enable. */
export function UserAdmin({ users, me }: { users: UserDto[]; me: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(p: Promise<Parameters<typeof actionError>[0] & { data?: T }>, onOk?: (d: T) => void) {
    setBusy(true);
    setError(null);
    const r = await p;
    setBusy(false);
    const failed = actionError(r);
    if (failed) return setError(failed);
    if (r.data !== undefined) onOk?.(r.data);
    router.refresh();
  }

  return (
    <>
      <form
        className="filters"
        aria-label="Add a user"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const form = e.currentTarget;
          void run(addUserAction({ email: String(f.get("email")), role: String(f.get("role")) as (typeof ROLES)[number], name: String(f.get("name") ?? "") || undefined }), (d) => {
            setCreated({ email: d.email, password: d.password });
            form.reset();
          });
        }}
      >
        <label>Email <input name="email" type="email" required placeholder="name@company.com" /></label>
        <label>Name <input name="name" maxLength={100} /></label>
        <label>Role <select name="role" defaultValue="analyst">{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
        <button type="submit" disabled={busy}>Add user</button>
      </form>
      {created && (
        <p role="status" className="notice" data-testid="new-password">
          {created.email} can sign in with the password <code>{created.password}</code>. It is shown only now: pass it on safely.
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <table aria-label="Users">
        <thead><tr><th>Email</th><th>Name</th><th>Role</th><th>State</th><th>Since</th><th></th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.email} data-testid="user-row">
              <td>{u.email}{u.email === me ? " (you)" : ""}</td>
              <td>{u.name ?? ""}</td>
              <td>
                <select
                  aria-label={`role of ${u.email}`}
                  value={u.role}
                  disabled={busy || u.email === me}
                  onChange={(e) => {
                    const role = e.target.value as (typeof ROLES)[number];
                    if (window.confirm(`Make ${u.email} ${role}?`)) void run(updateUserAction({ change: "role", email: u.email, role }));
                  }}
                >
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td>{u.disabled ? "disabled" : "active"}</td>
              <td>{u.createdAt.slice(0, 10)}</td>
              <td>
                {u.email !== me && (u.disabled
                  ? <button type="button" disabled={busy} onClick={() => void run(updateUserAction({ change: "enable", email: u.email }), (d) => { if (d.password) setCreated({ email: d.email, password: d.password }); })}>Enable</button>
                  : <>
                      <button type="button" disabled={busy} onClick={() => { if (window.confirm(`Disable ${u.email}? They can no longer sign in or act.`)) void run(updateUserAction({ change: "disable", email: u.email })); }}>Disable</button>{" "}
                      <button type="button" disabled={busy} onClick={() => { if (window.confirm(`Set a new password for ${u.email}? Their sessions end.`)) void run(resetPasswordAction({ email: u.email }), (d) => setCreated({ email: d.email, password: d.password })); }}>Reset password</button>
                    </>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
