import Link from "next/link";
import { redirect } from "next/navigation";
import { Pager } from "../../components/pager";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { auditEntities, pageAudit } from "../../lib/control/audit";
import { control } from "../../lib/control/db";
import { withParams } from "../../lib/url";

export const dynamic = "force-dynamic";

type Search = { actor?: string; action?: string; entity?: string; entityId?: string; from?: string; to?: string; page?: string };
const PAGE_SIZE = 50;
const day = (s: string | undefined, plus = 0) => {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : new Date(d.getTime() + plus * 86_400_000);
};

const parse = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};
const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** What changed, field by field (before → after); the full snapshots are one click away. */
function Change({ before, after }: { before: string | null; after: string | null }) {
  const b = parse(before);
  const a = parse(after);
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  let lines: { key: string; from: unknown; to: unknown }[];
  if (isObj(b) || isObj(a)) {
    const bo = isObj(b) ? b : {};
    const ao = isObj(a) ? a : {};
    const keys = [...new Set([...Object.keys(bo), ...Object.keys(ao)])];
    lines = keys.filter((k) => JSON.stringify(bo[k]) !== JSON.stringify(ao[k])).map((k) => ({ key: k, from: b === null ? undefined : bo[k], to: a === null ? undefined : ao[k] }));
  } else lines = [{ key: "", from: b ?? undefined, to: a ?? undefined }];
  const shown = lines.slice(0, 4);
  return (
    <div className="change">
      {shown.map((l) => (
        <div key={l.key}>
          {l.key && <span className="muted">{l.key}: </span>}
          {l.from !== undefined && <code className="before">{show(l.from).slice(0, 80)}</code>}
          {l.from !== undefined && l.to !== undefined && " → "}
          {l.to !== undefined && <code className="after">{show(l.to).slice(0, 80)}</code>}
        </div>
      ))}
      {(lines.length > shown.length || (before ?? "").length + (after ?? "").length > 160) && (
        <details>
          <summary>full record</summary>
          {before && <pre className="json">before: {before}</pre>}
          {after && <pre className="json">after: {after}</pre>}
        </details>
      )}
    </div>
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
  const href = (change: Partial<Search>) => withParams("/audit", sp, change);
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
                <td className="nowrap">{r.at.slice(0, 19).replace("T", " ")}</td>
                <td>{r.actor}</td>
                <td><Link href={href({ action: r.action, page: undefined })}>{r.action}</Link></td>
                <td><Link href={href({ entity: r.entity, entityId: r.entityId, page: undefined })}>{r.entity} {r.entityId}</Link></td>
                <td><Change before={r.before} after={r.after} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} hrefOf={(p) => href({ page: String(p) })} summary={`${total} event(s)`} labels={["← newer", "older →"]} />
    </>
  );
}
