import { redirect } from "next/navigation";
import { PasswordForm } from "../../components/password-form";
import { currentUser } from "../../lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/login?next=/account");
  return (
    <section className="narrow">
      <h1>Your account</h1>
      <p className="muted">{user.email}, {user.role}. Changing your password signs you out everywhere, this browser included.</p>
      <PasswordForm />
    </section>
  );
}
