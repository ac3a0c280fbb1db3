import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { FailureCharts } from "../../components/failure-charts";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { AppError } from "../../lib/control/errors";
import {
  FAILURE_DIMENSIONS, failurePatterns, potentialHistogram, reasonCounts, unmatchedPage, versionReader, type FailureDimension, type UnmatchedFilter,
} from "../../lib/versions/reader";

export const dynamic = "force-dynamic";

type Search = { reason?: string; source?: string; dimension?: string; value?: string; page?: string; version?: string };

const REASON_WORDS: Record<string, string> = {
  NO_CANDIDATE: "no candidate found in its blocks",
  LEGAL_FORM_NOISE: "would match without a legal form (SARL, SAS…) in one name",
  ABBREVIATION: "would match if abbreviations counted as the words",
  NAME_MISMATCH: "names too different",
  ADDRESS_MISMATCH: "addresses too different",
  POSTCODE_MISMATCH: "postcodes differ",
  CITY_MISMATCH: "cities differ",
  TOO_FAR: "coordinates too far apart",
  MISSING_FIELDS: "no shared locating field",
  AMBIGUOUS: "several candidates equally good",
  TAKEN_BY_BETTER: "its best candidate matched a better store",
  BELOW_THRESHOLD: "no single fix makes it pass",
};

function href(sp: Search, change: Partial<Search>): string {
  const next = new URLSearchParams(Object.entries({ ...sp, ...change }).filter(([, v]) => v) as [string, string][]);
  return `/failures?${next.toString()}`;
}

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
  let reader;
  try {
    reader = await versionReader(loadConfig(), sp.version || "promoted");
  } catch (e) {
    if (e instanceof AppError) return <section className="empty"><h1>No version to show</h1><p>{e.message}</p></section>;
    throw e;
  }
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
                <td><code>{String(r.store_id)}</code></td>
                <td>{String(r.name)}</td>
                <td>{String(r.city ?? "")}</td>
                <td title={REASON_WORDS[String(r.failure_reason)]} data-testid="row-reason">{String(r.failure_reason)}</td>
                <td className="num">{r.potential_score === null ? "—" : String(r.potential_score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        {page > 1 && <Link href={href(sp, { page: String(page - 1) })}>← previous</Link>}
        <span>page {page} of {pages}</span>
        {page < pages && <Link href={href(sp, { page: String(page + 1) })}>next →</Link>}
      </nav>
    </>
  );
}
