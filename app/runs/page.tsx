import Link from "next/link";
import { redirect } from "next/navigation";
import { LaunchRun } from "../../components/launch-run";
import { Pager } from "../../components/pager";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { control } from "../../lib/control/db";
import { getSettings } from "../../lib/control/settings";
import { countTriggersByStatus } from "../../lib/control/triggers";
import { countRuns, listRuns } from "../../lib/runner/queue";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/runs");
  if (!can(user.role, "runs.read")) return <p className="empty">Your role cannot read runs.</p>;
  const config = loadConfig();
  const db = control(config);
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const [runs, total, counts, settings] = await Promise.all([listRuns(config, PAGE_SIZE, (page - 1) * PAGE_SIZE), countRuns(config), countTriggersByStatus(db), getSettings(db)]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>Runs</h1>
      <p className="muted">
        A targeted run recomputes only the stores of the approved triggers; a full refresh rebuilds everything. Each run that passes its tests is published as a version.
      </p>
      {settings.full_refresh_needed && <p className="error" role="status">The last scan found too many stores with potential: an admin should launch a full refresh.</p>}
      {can(user.role, "runs.launch.targeted") && <LaunchRun approved={counts.APPROVED ?? 0} canFull={can(user.role, "runs.launch.full")} />}
      {runs.length === 0 ? (
        <p className="empty">No run yet. Load data with <code>storematch ingest</code>, then launch a run here or with <code>storematch run</code>.</p>
      ) : (
        <table aria-label="Runs">
          <thead><tr><th>Run</th><th>Kind</th><th>Status</th><th>Progress</th><th>Requested by</th><th>Reason</th><th>Created</th><th className="num">Elapsed</th><th>Version</th></tr></thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row">
                <td><Link href={`/runs/${r.id}`}><code>{r.id}</code></Link></td>
                <td>{r.kind === "TARGETED" ? `targeted (${r.scope.length} triggers)` : "full refresh"}</td>
                <td><span className={`status status-${r.status.toLowerCase()}`}>{r.status}</span></td>
                <td>{r.modelsTotal ? `${r.modelsDone} / ${r.modelsTotal}` : "—"}</td>
                <td>{r.requestedBy}</td>
                <td>{r.reason ?? ""}</td>
                <td>{r.createdAt.slice(0, 19).replace("T", " ")}</td>
                <td className="num">{r.elapsedSeconds === null ? "—" : `${r.elapsedSeconds.toFixed(1)} s`}</td>
                <td>{r.versionId ? <Link href={`/versions?a=promoted&b=${r.versionId}`}>{r.versionId}</Link> : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} hrefOf={(p) => `/runs?page=${p}`} summary={`${total} run(s)`} labels={["← newer", "older →"]} />
    </>
  );
}
