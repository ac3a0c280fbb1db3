import { redirect } from "next/navigation";
import { RunDetail } from "../../../components/run-detail";
import { can } from "../../../lib/auth/permissions";
import { currentUser } from "../../../lib/auth/session";
import { loadConfig } from "../../../lib/config";
import { AppError } from "../../../lib/control/errors";
import { showRun } from "../../../lib/runner/queue";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/login?next=/runs/${encodeURIComponent(id)}`);
  if (!can(user.role, "runs.read")) return <p className="empty">Your role cannot read runs.</p>;
  try {
    const run = await showRun(loadConfig(), id);
    return <RunDetail initial={{ ...run, log: run.log.slice(-400), logLines: run.log.length }} canCancel={can(user.role, "runs.cancel")} />;
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return <p className="empty">No run with id <code>{id}</code>. See the <a href="/runs">runs</a>.</p>;
    throw e;
  }
}
