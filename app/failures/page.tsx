import Link from "next/link";
import { failureReasons } from "../../lib/diagnostics/reasons";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { FailureCharts } from "../../components/failure-charts";
import { Pager } from "../../components/pager";
import { ReasonsOverVersions } from "../../components/reasons-over-versions";
import { readableVersionId } from "../../lib/versions/access";
import { listVersions } from "../../lib/versions/registry";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { withParams } from "../../lib/url";
import { isUserFacing } from "../../lib/control/errors";
import {
  FAILURE_DIMENSIONS, failurePatterns, potentialHistogram, reasonCounts, unmatchedPage, versionReader, type FailureDimension, type UnmatchedFilter,
} from "../../lib/versions/reader";

export const dynamic = "force-dynamic";

type Search = { reason?: string; source?: string; dimension?: string; value?: string; page?: string; version?: string };


const href = (sp: Search, change: Partial<Search>) => withParams("/failures", sp, change);

export default async function FailuresPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/failures");
  if (!can(user.role, "failures.read")) return <p className="empty">Your role cannot read failures.</p>;
  const sp = await searchParams;
  const dimension: FailureDimension = (FAILURE_DIMENSIONS as readonly string[]).includes(sp.dimension ?? "") ? (sp.dimension as FailureDimension) : "brand";
  const filter: UnmatchedFilter = {
    reason: sp.reason || undefined,
    source: sp.source === "gi" || sp.source === "th" ? sp.source : undefined,
    dimension,
    value: sp.value || undefined,
  };
  const page = Math.max(1, Number(sp.page) || 1);
  const config = loadConfig();
  const reasonInfo = failureReasons(config.dbtDir);
  const promotedEver = (await listVersions(config)).filter((v) => v.promotedAt !== null && !v.expired).reverse();
  let reader;
  try {
    // One rule for every page: analysts read promoted versions only (lib/versions/access.ts).
    reader = await versionReader(config, await readableVersionId(config, user.role, sp.version || "promoted"));
  } catch (e) {
    if (isUserFacing(e)) return <section className="empty"><h1>No version to show</h1><p>{e.message}</p></section>;
    throw e;
  }
  const overVersions = promotedEver.map((v) => ({ version: v.id, byReason: v.metrics.byReason }));
  const allReasons = [...new Set(overVersions.flatMap((v) => Object.keys(v.byReason)))].sort();
  const [reasons, patterns, histogram, rows] = await Promise.all([
    reasonCounts(reader, filter),
    failurePatterns(reader, dimension, 12),
    potentialHistogram(reader, filter),
    unmatchedPage(reader, { ...filter, page, pageSize: 25 }),
  ]);
  const values = Object.values(
    patterns.reduce<Record<string, { value: string; stores: number }>>((acc, p) => {
      (acc[p.value] ??= { value: p.value, stores: 0 }).stores += p.stores;
      return acc;
    }, {}),
  );
  const pages = Math.max(1, Math.ceil(rows.total / rows.pageSize));
  const total = reasons.reduce((s, r) => s + r.stores, 0);
  return (
    <>
      <h1>Why stores fail to match</h1>
      <p className="muted">
        Version <code data-testid="version-id">{reader.version}</code> · {total.toLocaleString("en-US")} unmatched stores
        {filter.reason && <> · reason <strong>{filter.reason}</strong> <Link href={href(sp, { reason: undefined, page: undefined })}>clear</Link></>}
        {filter.value && <> · {dimension} <strong>{filter.value}</strong> <Link href={href(sp, { value: undefined, page: undefined })}>clear</Link></>}
      </p>
      {reasons[0] && !filter.reason && (
        <p data-testid="leading-reason">
          Leading reason: <strong>{reasons[0].reason}</strong> — {reasonInfo.get(reasons[0].reason)?.summary ?? ""} ({reasons[0].stores.toLocaleString("en-US")} stores, {Math.round((100 * reasons[0].stores) / Math.max(1, total))}%).
        </p>
      )}
      <nav className="tabs" aria-label="Break failures down by">
        {FAILURE_DIMENSIONS.map((d) => (
          <Link key={d} href={href(sp, { dimension: d, value: undefined, page: undefined })} aria-current={d === dimension ? "page" : undefined}>{d.replace("_", " ")}</Link>
        ))}
        <span className="muted">source:</span>
        {["", "gi", "th"].map((s) => (
          <Link key={s || "all"} href={href(sp, { source: s || undefined, page: undefined })} aria-current={(filter.source ?? "") === s ? "page" : undefined}>{s ? s.toUpperCase() : "both"}</Link>
        ))}
      </nav>
      <Suspense>
        {overVersions.length > 1 && <div className="charts"><ReasonsOverVersions versions={overVersions} reasons={allReasons} /></div>}
      </Suspense>
      <Suspense>
        <FailureCharts reasons={reasons} values={values} histogram={histogram} dimension={dimension} />
      </Suspense>
      <h2>Unmatched stores ({rows.total.toLocaleString("en-US")})</h2>
      {rows.total === 0 ? (
        <p className="empty">No unmatched store fits these filters. Clear a filter above.</p>
      ) : (
        <table aria-label="Unmatched stores">
          <thead><tr><th>Source</th><th>Store</th><th>Name</th><th>City</th><th>Reason</th><th className="num">Potential</th></tr></thead>
          <tbody>
            {rows.rows.map((r) => (
              <tr key={`${r.source}|${r.store_id}`} data-testid="unmatched-row">
                <td>{String(r.source).toUpperCase()}</td>
                <td><Link href={`/stores/${String(r.source)}/${encodeURIComponent(String(r.store_id))}`}><code>{String(r.store_id)}</code></Link></td>
                <td>{String(r.name)}</td>
                <td>{String(r.city ?? "")}</td>
                <td title={reasonInfo.get(String(r.failure_reason))?.summary} data-testid="row-reason">{String(r.failure_reason)}</td>
                <td className="num">{r.potential_score === null ? "—" : String(r.potential_score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} hrefOf={(p) => href(sp, { page: String(p) })} />
    </>
  );
}
