import Link from "next/link";
import { redirect } from "next/navigation";
import { MatchWaterfall } from "../../components/match-waterfall";
import { Pager } from "../../components/pager";
import { ReviewBulkActions, ReviewPairActions } from "../../components/review-actions";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { control } from "../../lib/control/db";
import { isUserFacing } from "../../lib/control/errors";
import { versionRules } from "../../lib/versions/rules";
import { withParams } from "../../lib/url";
import { storeProfiles, type StoreProfile } from "../../lib/versions/explorer";
import { versionReader } from "../../lib/versions/reader";
import { reviewCities, reviewFilterOf, reviewPage, undecidedReviewPairs } from "../../lib/versions/review";

export const dynamic = "force-dynamic";

type Search = { kind?: string; city?: string; min?: string; max?: string; page?: string };
const PAGE_SIZE = 10;

const FIELDS: [string, keyof StoreProfile][] = [["Address", "address_raw"], ["Postcode", "postcode_raw"], ["City", "city_raw"], ["Phone", "phone_raw"]];
const store = (source: "gi" | "th", id: string, other: string) => `/stores/${source}/${encodeURIComponent(id)}?c=${encodeURIComponent(other)}`;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/review");
  if (!can(user.role, "stores.read")) return <p className="empty">Your role cannot read stores.</p>;
  const sp = await searchParams;
  const filter = reviewFilterOf(sp);
  const page = Math.max(1, Number(sp.page) || 1);
  const config = loadConfig();
  let reader;
  try {
    reader = await versionReader(config, "promoted");
  } catch (e) {
    if (isUserFacing(e)) return <section className="empty"><h1>No version to review</h1><p>{e.message}</p></section>;
    throw e;
  }
  const db = control(config);
  const canDecide = can(user.role, "decisions.write");
  const [{ total, rows }, cities, undecided] = await Promise.all([
    reviewPage(reader, db, filter, page, PAGE_SIZE),
    reviewCities(reader),
    canDecide ? undecidedReviewPairs(reader, db, filter).then((p) => p.length) : Promise.resolve(0),
  ]);
  const profiles = await storeProfiles(reader, rows.flatMap((r) => [{ source: "gi" as const, storeId: r.giId }, { source: "th" as const, storeId: r.thId }]));
  const rules = await versionRules(config, reader.version);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const href = (change: Partial<Search>) => withParams("/review", sp, change);
  const filtered = Boolean(filter.kind || filter.city || filter.minProbability !== undefined || filter.maxProbability !== undefined);
  return (
    <>
      <h1>Possible matches to review</h1>
      <p className="muted">
        Version <code data-testid="version-id">{reader.version}</code> · pairs whose match probability lies between {(100 * rules.reviewLower).toFixed(0)}% and{" "}
        {(100 * rules.reviewUpper).toFixed(0)}%, the most uncertain first. Accepting a pair forces it to match, rejecting it forbids it; the decision is a
        label for the model and wins over the scores from the next run that recomputes the pair&apos;s stores.
      </p>
      <form className="filters" action="/review">
        <label>Kind{" "}
          <select name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">both</option>
            <option value="MATCHED">matched, unsure</option>
            <option value="CANDIDATE">unmatched, best candidate</option>
          </select>
        </label>
        <label>City <input name="city" list="review-cities" defaultValue={filter.city ?? ""} size={16} /></label>
        <datalist id="review-cities">{cities.map((c) => <option key={c} value={c} />)}</datalist>
        <label>Min probability % <input name="min" type="number" min={0} max={100} step="any" defaultValue={sp.min ?? ""} size={5} /></label>
        <label>Max probability % <input name="max" type="number" min={0} max={100} step="any" defaultValue={sp.max ?? ""} size={5} /></label>
        <button type="submit">Filter</button>
        {filtered && <Link href="/review">clear</Link>}
      </form>
      {canDecide && total > 0 && <ReviewBulkActions version={reader.version} filter={filter} undecided={undecided} />}
      {total === 0 ? (
        <p className="empty" data-testid="review-empty">
          {filtered ? "No possible match fits these filters." : `Version ${reader.version} has no pair in the review band.`}
        </p>
      ) : (
        rows.map((r) => (
          <section key={`${r.giId}|${r.thId}`} className="panel" data-testid="review-pair" aria-label={`GI ${r.giId} and TH ${r.thId}`}>
            <div className="pair-head">
              <strong>{(100 * r.matchProbability).toFixed(1)}%</strong>
              <span className="status">{r.kind === "MATCHED" ? "matched, unsure" : "unmatched, best candidate"}</span>
              {r.city && <span className="muted">{r.city}</span>}
              {r.failureReason && <span className="muted">reason {r.failureReason}</span>}
              {r.decision && (
                <span className="notice" data-testid="review-decision">
                  {r.decision.decision === "MATCH" ? "Accepted (forced match)" : "Rejected (never match)"} by {r.decision.createdBy}
                </span>
              )}
            </div>
            <table aria-label={`GI ${r.giId} and TH ${r.thId} side by side`} className="side-by-side">
              <thead>
                <tr>
                  <th></th>
                  <th data-testid="review-gi">GI <Link href={store("gi", r.giId, r.thId)}><code>{r.giId}</code></Link></th>
                  <th data-testid="review-th">TH <Link href={store("th", r.thId, r.giId)}><code>{r.thId}</code></Link></th>
                </tr>
              </thead>
              <tbody>
                <tr><th scope="row">Name</th><td><strong>{r.giName ?? "—"}</strong></td><td><strong>{r.thName ?? "—"}</strong></td></tr>
                {FIELDS.map(([label, field]) => {
                  const gi = profiles.get(`gi|${r.giId}`)?.[field] as string | null | undefined;
                  const th = profiles.get(`th|${r.thId}`)?.[field] as string | null | undefined;
                  return <tr key={label}><th scope="row">{label}</th><td>{gi ?? <span className="muted">—</span>}</td><td>{th ?? <span className="muted">—</span>}</td></tr>;
                })}
              </tbody>
            </table>
            <MatchWaterfall steps={r.steps} threshold={rules.matchProbability} />
            {canDecide && <ReviewPairActions giId={r.giId} thId={r.thId} current={r.decision?.decision ?? null} version={reader.version} />}
          </section>
        ))
      )}
      <Pager page={page} pages={pages} hrefOf={(p) => href({ page: String(p) })} summary={`${total} pair(s)${canDecide ? `, ${undecided} undecided` : ""}`} />
    </>
  );
}
