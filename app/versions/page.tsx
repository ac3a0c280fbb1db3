import Link from "next/link";
import { redirect } from "next/navigation";
import { PromoteButton } from "../../components/promote-button";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { isUserFacing } from "../../lib/control/errors";
import { diffVersions, type VersionDiff } from "../../lib/versions/diff";
import { readableVersionId } from "../../lib/versions/access";
import { listVersions } from "../../lib/versions/registry";

export const dynamic = "force-dynamic";

const SHOWN = 100;
const fmt = new Intl.NumberFormat("en-US");
const signed = (n: number) => (n > 0 ? `+${fmt.format(n)}` : fmt.format(n));

export default async function VersionsPage({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/versions");
  if (!can(user.role, "versions.read")) return <p className="empty">Your role cannot read versions.</p>;
  const config = loadConfig();
  const versions = await listVersions(config);
  if (versions.length === 0)
    return (<><h1>Versions</h1><p className="empty">No version yet: every run that passes its tests is published here. Launch one on the <a href="/runs">Runs</a> page.</p></>);
  const sp = await searchParams;
  const promoted = versions.find((v) => v.status === "PROMOTED");
  const live = versions.filter((v) => !v.expired);
  const a = sp.a === "promoted" ? promoted?.id : sp.a ?? promoted?.id ?? live[1]?.id;
  const b = sp.b ?? live[0]?.id;
  let diff: VersionDiff | null = null;
  let diffError: string | null = null;
  if (a && b && a !== b) {
    try {
      // The same rule as every page: an analyst compares promoted versions only.
      diff = await diffVersions(config, await readableVersionId(config, user.role, a), await readableVersionId(config, user.role, b), SHOWN);
    } catch (e) {
      if (!isUserFacing(e)) throw e;
      diffError = e.message;
    }
  }
  const canPromote = can(user.role, "versions.promote");
  return (
    <>
      <h1>Versions</h1>
      <p className="muted">Every validated run is published as a version (one Iceberg snapshot per table). Dashboards read only the promoted one; promoting an older version rolls back.</p>
      <table aria-label="Versions">
        <thead><tr><th>Version</th><th>Status</th><th>Created</th><th>Run</th><th className="num">Matched</th><th className="num">GI only</th><th className="num">TH only</th><th className="num">Match rate</th><th>Promoted by</th><th></th></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid="version-row">
              <td><code>{v.id}</code></td>
              <td><span className={`status status-${v.status.toLowerCase()}`} data-testid={`version-status-${v.id}`}>{v.expired ? "EXPIRED" : v.status}</span></td>
              <td>{v.createdAt.slice(0, 19).replace("T", " ")}</td>
              <td><Link href={`/runs/${v.runId}`}>{v.runId}</Link></td>
              <td className="num">{fmt.format(v.metrics.byStatus.MATCHED)}</td>
              <td className="num">{fmt.format(v.metrics.byStatus.GI_ONLY)}</td>
              <td className="num">{fmt.format(v.metrics.byStatus.TH_ONLY)}</td>
              <td className="num">{(v.metrics.matchRate * 100).toFixed(1)}%</td>
              <td>{v.promotedBy ?? ""}</td>
              <td>
                {!v.expired && v.status !== "PROMOTED" && promoted && <Link href={`/versions?a=${promoted.id}&b=${v.id}`}>compare with {promoted.id}</Link>}
                {!v.expired && !promoted && canPromote && <PromoteButton version={v.id} promoted="no version" summary="No version is promoted yet: dashboards are empty until one is." rollback={false} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Compare two versions</h2>
      <form className="filters" action="/versions">
        <label>From <select name="a" defaultValue={a}>{live.map((v) => <option key={v.id} value={v.id}>{v.id}{v.status === "PROMOTED" ? " (promoted)" : ""}</option>)}</select></label>
        <label>To <select name="b" defaultValue={b}>{live.map((v) => <option key={v.id} value={v.id}>{v.id}{v.status === "PROMOTED" ? " (promoted)" : ""}</option>)}</select></label>
        <button type="submit">Compare</button>
      </form>
      {diffError && <p role="alert" className="error">{diffError}</p>}
      {a === b && <p className="muted">Pick two different versions to see what changed.</p>}
      {diff && (
        <section aria-label={`Diff ${diff.a} to ${diff.b}`} data-testid="version-diff">
          <h3>{diff.a} → {diff.b}</h3>
          <div className="cards">
            <div className="card"><div className="label">Pairs gained</div><div className="value" data-testid="diff-gained">{fmt.format(diff.counts.newlyMatched)}</div></div>
            <div className="card"><div className="label">Pairs lost</div><div className="value" data-testid="diff-lost">{fmt.format(diff.counts.lost)}</div></div>
            <div className="card"><div className="label">Partner changed</div><div className="value" data-testid="diff-changed">{fmt.format(diff.counts.partnerChanged)}</div></div>
          </div>
          {canPromote && promoted?.id === diff.a && diff.b !== diff.a && (
            <PromoteButton
              version={diff.b}
              promoted={diff.a}
              summary={`${diff.a} → ${diff.b}: ${signed(diff.counts.newlyMatched)} pairs gained, ${fmt.format(diff.counts.lost)} lost, ${fmt.format(diff.counts.partnerChanged)} with a new partner; matched ${signed(diff.statusDeltas.MATCHED?.delta ?? 0)}.`}
              rollback={Number(diff.b.slice(1)) < Number(diff.a.slice(1))}
            />
          )}
          <div className="columns">
            <table aria-label="Status counts">
              <thead><tr><th>Status</th><th className="num">{diff.a}</th><th className="num">{diff.b}</th><th className="num">Δ</th></tr></thead>
              <tbody>{Object.entries(diff.statusDeltas).map(([k, d]) => <tr key={k}><td>{k}</td><td className="num">{fmt.format(d.a)}</td><td className="num">{fmt.format(d.b)}</td><td className="num">{signed(d.delta)}</td></tr>)}</tbody>
            </table>
            <table aria-label="Failure reason counts">
              <thead><tr><th>Failure reason</th><th className="num">{diff.a}</th><th className="num">{diff.b}</th><th className="num">Δ</th></tr></thead>
              <tbody>{Object.entries(diff.reasonDeltas).map(([k, d]) => <tr key={k}><td>{k}</td><td className="num">{fmt.format(d.a)}</td><td className="num">{fmt.format(d.b)}</td><td className="num">{signed(d.delta)}</td></tr>)}</tbody>
            </table>
          </div>
          <PairList title="Pairs gained" total={diff.counts.newlyMatched} rows={diff.newlyMatched.map((p) => ({ key: `${p.gi_id}|${p.th_id}`, gi: p.gi_id, th: p.th_id, note: p.score === null ? "" : `score ${p.score.toFixed(1)}` }))} />
          <PairList title="Pairs lost" total={diff.counts.lost} rows={diff.lost.map((p) => ({ key: `${p.gi_id}|${p.th_id}`, gi: p.gi_id, th: p.th_id, note: p.score === null ? "" : `score ${p.score.toFixed(1)}` }))} />
          <PairList
            title="Partner changed"
            total={diff.counts.partnerChanged}
            rows={diff.partnerChanged.map((p) => ({ key: `${p.side}|${p.store_id}`, gi: p.side === "gi" ? p.store_id : `${p.partner_a} → ${p.partner_b}`, th: p.side === "th" ? p.store_id : `${p.partner_a} → ${p.partner_b}`, note: `${p.side.toUpperCase()} store kept` }))}
          />
        </section>
      )}
    </>
  );
}

function PairList({ title, total, rows }: { title: string; total: number; rows: { key: string; gi: string; th: string; note: string }[] }) {
  if (total === 0) return <p className="muted">{title}: none.</p>;
  return (
    <details open={total <= 20}>
      <summary>{title}: {fmt.format(total)}{total > rows.length ? ` (the first ${rows.length} shown; \`storematch versions diff\` lists all)` : ""}</summary>
      <table aria-label={title}>
        <thead><tr><th>GI</th><th>TH</th><th></th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.gi.includes(" ") ? <code>{r.gi}</code> : <Link href={`/stores/gi/${encodeURIComponent(r.gi)}`}><code>{r.gi}</code></Link>}</td>
              <td>{r.th.includes(" ") ? <code>{r.th}</code> : <Link href={`/stores/th/${encodeURIComponent(r.th)}`}><code>{r.th}</code></Link>}</td>
              <td className="muted">{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
