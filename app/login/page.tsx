import { redirect } from "next/navigation";
import { LoginForm } from "../../components/login-form";
import { safeNextPath } from "../../lib/auth/next-path";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(next);
  if (await currentUser()) redirect(target);
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p className="muted">Use the account an admin gave you. The quick start prints three demo accounts.</p>
      <LoginForm sso={loadConfig().auth.oidc !== null} next={target} />
    </section>
  );
}
