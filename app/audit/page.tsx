import Link from "next/link";
import { redirect } from "next/navigation";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { auditEntities, pageAudit } from "../../lib/control/audit";
import { control } from "../../lib/control/db";

export const dynamic = "force-dynamic";

type Search = { actor?: string; action?: string; entity?: string; entityId?: string; from?: string; to?: string; page?: string };
const PAGE_SIZE = 50;
const day = (s: string | undefined, plus = 0) => {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : new Date(d.getTime() + plus * 86_400_000);
};

/** A compact view of a before/after JSON snapshot. */
function Change({ before, after }: { before: string | null; after: string | null }) {
  return (
    <span className="change">
      {before && <code className="before">{before}</code>}
      {before && after && " → "}
      {after && <code className="after">{after}</code>}
    </span>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/audit");
  if (!can(user.role, "audit.read")) return <p className="empty">Only admins read the audit log.</p>;
  const sp = await searchParams;
  const page = Math.max(1, Number(sp.page) || 1);
  const db = control(loadConfig());
  const [entities, { total, rows }] = await Promise.all([
    auditEntities(db),
    pageAudit(db, { actor: sp.actor?.trim(), action: sp.action?.trim(), entity: sp.entity, entityId: sp.entityId?.trim(), from: day(sp.from), to: day(sp.to, 1) }, page, PAGE_SIZE),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const href = (change: Partial<Search>) =>
    `/audit?${new URLSearchParams(Object.entries({ ...sp, ...change }).filter(([, v]) => v) as [string, string][]).toString()}`;
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every state change, by whom and when, with the values before and after. Nothing here can be edited.</p>
      <form className="filters" action="/audit">
        <label>Who <input name="actor" defaultValue={sp.actor ?? ""} placeholder="email or part of it" /></label>
        <label>Action <input name="action" defaultValue={sp.action ?? ""} placeholder="e.g. triggers or versions.promote" /></label>
        <label>Entity <select name="entity" defaultValue={sp.entity ?? ""}><option value="">any</option>{entities.map((e) => <option key={e} value={e}>{e}</option>)}</select></label>
        <label>Entity id <input name="entityId" defaultValue={sp.entityId ?? ""} size={10} /></label>
        <label>From <input name="from" type="date" defaultValue={sp.from ?? ""} /></label>
        <label>To <input name="to" type="date" defaultValue={sp.to ?? ""} /></label>
        <button type="submit">Filter</button>
        <Link href="/audit">Clear</Link>
      </form>
      {total === 0 ? (
        <p className="empty">No audit event fits these filters.</p>
      ) : (
        <table aria-label="Audit events">
          <thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Entity</th><th>Change</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row">
                <td>{r.at.slice(0, 19).replace("T", " ")}</td>
                <td>{r.actor}</td>
                <td><Link href={href({ action: r.action, page: undefined })}>{r.action}</Link></td>
                <td><Link href={href({ entity: r.entity, entityId: r.entityId, page: undefined })}>{r.entity} {r.entityId}</Link></td>
                <td><Change before={r.before} after={r.after} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        {page > 1 && <Link href={href({ page: String(page - 1) })}>← newer</Link>}
        <span>page {page} of {pages} · {total} event(s)</span>
        {page < pages && <Link href={href({ page: String(page + 1) })}>older →</Link>}
      </nav>
    </>
  );
}
