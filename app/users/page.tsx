import { redirect } from "next/navigation";
import { UserAdmin } from "../../components/user-admin";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { control } from "../../lib/control/db";
import { listUsers } from "../../lib/control/users";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await currentUser();
  if (!user) redirect("/login?next=/users");
  if (!can(user.role, "users.manage")) return <p className="empty">Only admins manage users.</p>;
  const users = await listUsers(control(loadConfig()));
  return (
    <>
      <h1>Users</h1>
      <p className="muted">
        Analysts read; stewards approve triggers, decide pairs and launch targeted runs; admins also launch full refreshes, promote versions and manage users.
        Local users sign in with a password; with OIDC configured, people sign in with the company account and an admin gives them a role here.
      </p>
      <UserAdmin users={users} me={user.email} />
    </>
  );
}
