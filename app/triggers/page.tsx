import Link from "next/link";
import { redirect } from "next/navigation";
import { Pager } from "../../components/pager";
import { ScanButton } from "../../components/scan-button";
import { TriggerQueue } from "../../components/trigger-queue";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { withParams } from "../../lib/url";
import { control } from "../../lib/control/db";
import { countTriggersByStatus, pageTriggers, TRIGGER_STATUSES } from "../../lib/control/triggers";

export const dynamic = "force-dynamic";

type Search = { status?: string; source?: string; reason?: string; min?: string; page?: string };
const PAGE_SIZE = 50;

export default async function TriggersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/triggers");
  if (!can(user.role, "triggers.read")) return <p className="empty">Your role cannot read triggers.</p>;
  const sp = await searchParams;
  const status = (TRIGGER_STATUSES as readonly string[]).includes(sp.status ?? "") ? sp.status : undefined;
  const minScore = sp.min && Number.isFinite(Number(sp.min)) ? Number(sp.min) : undefined;
  const page = Math.max(1, Number(sp.page) || 1);
  const db = control(loadConfig());
  const source: "gi" | "th" | undefined = sp.source === "gi" || sp.source === "th" ? sp.source : undefined;
  const filters = { source, reason: sp.reason || undefined, minScore };
  const [counts, { total, rows }, pendingMatching] = await Promise.all([
    countTriggersByStatus(db),
    pageTriggers(db, { status, ...filters }, page, PAGE_SIZE),
    pageTriggers(db, { status: "PENDING", ...filters }, 1, 1).then((r) => r.total),
  ]);
  const href = (change: Partial<Search>) => withParams("/triggers", sp, change);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>Reprocess triggers</h1>
      <p className="muted">
        The scan turns unmatched stores with potential into triggers. Stewards approve them; the next targeted run recomputes those stores.
      </p>
      {can(user.role, "scan.run") && <ScanButton />}
      <nav className="tabs" aria-label="Filter by status">
        <Link href={href({ status: undefined, page: undefined })} aria-current={!status ? "page" : undefined}>all</Link>
        {TRIGGER_STATUSES.map((s) => (
          <Link key={s} href={href({ status: s, page: undefined })} aria-current={status === s ? "page" : undefined}>{s.toLowerCase()} ({counts[s]})</Link>
        ))}
      </nav>
      <form className="filters" action="/triggers">
        {status && <input type="hidden" name="status" value={status} />}
        <label>Source <select name="source" defaultValue={sp.source ?? ""}><option value="">both</option><option value="gi">GI</option><option value="th">TH</option></select></label>
        <label>Reason <input name="reason" defaultValue={sp.reason ?? ""} placeholder="e.g. LEGAL_FORM_NOISE" /></label>
        <label>Min score <input name="min" type="number" min={0} max={100} defaultValue={sp.min ?? ""} /></label>
        <button type="submit">Filter</button>
      </form>
      {total === 0 ? (
        <p className="empty">No trigger fits these filters. Run <code>storematch scan</code> to create triggers from the promoted version.</p>
      ) : (
        <TriggerQueue rows={rows} canDecide={can(user.role, "triggers.approve")} filters={filters} pendingMatching={pendingMatching} />
      )}
      <Pager page={page} pages={pages} hrefOf={(p) => href({ page: String(p) })} summary={`${total} trigger(s)`} />
    </>
  );
}
