import { loadConfig } from "../lib/config";
import { redirect } from "next/navigation";
import { currentUser } from "../lib/auth/session";
import { AppError } from "../lib/control/errors";
import { failureReasons, matchCounts } from "../lib/versions/queries";

// Always read the current published snapshot, never a cached page.
export const dynamic = "force-dynamic";

const fmt = new Intl.NumberFormat("en-US");

export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const config = loadConfig();
  let counts;
  let reasons;
  try {
    counts = await matchCounts(config);
    reasons = await failureReasons(config);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "NOT_FOUND")) throw e;
    return (
      <section className="empty" data-testid="empty-state">
        <h1>No results yet</h1>
        <p>
          Load two store lists and build the matches: <code>npx storematch ingest --gi gi.csv --th th.csv</code>, then{" "}
          <code>npx storematch run</code>. This page shows the counts as soon as a run succeeds.
        </p>
      </section>
    );
  }
  return (
    <>
      <h1>Current matches</h1>
      <p className="muted">
        Promoted version <code data-testid="version-id">{counts.version}</code> (run {counts.runId}) · {fmt.format(counts.giStores)} GI stores · {fmt.format(counts.thStores)} TH stores
      </p>
      <div className="cards">
        <div className="card"><div className="label">Matched pairs</div><div className="value" data-testid="count-matched">{fmt.format(counts.matched)}</div></div>
        <div className="card"><div className="label">GI only</div><div className="value" data-testid="count-gi-only">{fmt.format(counts.giOnly)}</div></div>
        <div className="card"><div className="label">TH only</div><div className="value" data-testid="count-th-only">{fmt.format(counts.thOnly)}</div></div>
        <div className="card"><div className="label">Match rate</div><div className="value" data-testid="match-rate">{(counts.matchRate * 100).toFixed(1)}%</div></div>
      </div>
      <h2>Why stores are unmatched</h2>
      <table aria-label="Failure reasons">
        <thead><tr><th>Reason</th><th className="num">Stores</th><th className="num">Avg potential score</th></tr></thead>
        <tbody>
          {reasons.map((r) => (
            <tr key={r.reason} data-testid={`reason-${r.reason}`}>
              <td>{r.reason}</td><td className="num">{fmt.format(r.stores)}</td><td className="num">{r.avgPotential ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
