import Link from "next/link";
import { redirect } from "next/navigation";
import { MatchWeightsChart, type WeightBar } from "../../components/match-weights-chart";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { control } from "../../lib/control/db";
import { isUserFacing } from "../../lib/control/errors";
import { versionAccuracy, type LabelAccuracy } from "../../lib/versions/accuracy";
import { modelReport } from "../../lib/versions/model";
import { listVersions } from "../../lib/versions/registry";

export const dynamic = "force-dynamic";

const bits = (x: number | null) => (x === null ? "—" : `${x > 0 ? "+" : ""}${x.toFixed(2)}`);
const prob = (x: number) => (x === 0 ? "0" : x < 0.001 ? x.toExponential(2) : x.toFixed(4));
const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);

function AccuracyRow({ label, a, testid }: { label: string; a: LabelAccuracy; testid: string }) {
  return (
    <tr data-testid={testid}>
      <th scope="row">{label}</th>
      <td className="num">{a.positives}</td>
      <td className="num">{a.negatives}</td>
      <td className="num">{a.truePositives}</td>
      <td className="num">{a.falsePositives}</td>
      <td className="num">{a.falseNegatives}</td>
      <td className="num" data-testid={`${testid}-precision`}>{pct(a.precision)}</td>
      <td className="num" data-testid={`${testid}-recall`}>{pct(a.recall)}</td>
    </tr>
  );
}

export default async function ModelPage({ searchParams }: { searchParams: Promise<{ version?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/model");
  if (!can(user.role, "versions.read")) return <p className="empty">Your role cannot read versions.</p>;
  const sp = await searchParams;
  const config = loadConfig();
  // Analysts read promoted versions (the current one, or one promoted before); stewards and admins also candidates.
  const live = (await listVersions(config)).filter((v) => !v.expired);
  const readable = can(user.role, "versions.read.candidates") ? live : live.filter((v) => v.promotedAt !== null);
  if (sp.version && !readable.some((v) => v.id === sp.version))
    return (
      <section className="empty">
        <h1>Version {sp.version} is not one you may read here</h1>
        <p>{can(user.role, "versions.read.candidates") ? "It does not exist or its files were deleted by retention." : "Your role reads the models of promoted versions only."} See the <Link href="/versions">Versions</Link> page.</p>
      </section>
    );
  let report;
  try {
    report = await modelReport(config, sp.version || "promoted");
  } catch (e) {
    if (isUserFacing(e)) return <section className="empty"><h1>No model to show</h1><p>{e.message}</p></section>;
    throw e;
  }
  const accuracy = await versionAccuracy(config, control(config), report.version);
  const bars: WeightBar[] = [
    ...(report.prior ? [{ comparison: "prior", label: "prior", weight: report.prior.matchWeight, m: null, u: null }] : []),
    ...report.levels.map((l) => ({ comparison: l.comparison, label: l.level_label, weight: l.match_weight, m: l.m, u: l.u })),
  ];
  const em = report.em;
  return (
    <>
      <h1>The matching model</h1>
      <p className="muted">
        Version <code data-testid="version-id">{report.version}</code>
        {report.previousVersion ? <> · changes from <code>{report.previousVersion}</code></> : " · no earlier version with a model to compare with"}
        {em?.learnedAt ? <> · learned {em.learnedAt.slice(0, 19).replace("T", " ")} UTC</> : null}
      </p>
      <form className="filters" action="/model">
        <label>Version{" "}
          <select name="version" defaultValue={report.version}>
            {readable.map((v) => <option key={v.id} value={v.id}>{v.id} ({v.status.toLowerCase()})</option>)}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <p>
        A Fellegi–Sunter model, learned from the data: each comparison puts a pair in one of its levels; a level&apos;s evidence is its
        match weight, log2(m / u) bits, where <em>m</em> is how often a store and its twin fall into it and <em>u</em> how often two random
        stores do. A pair&apos;s match weight is the prior plus its levels&apos; weights.
      </p>

      <div className="cards">
        <div className="card" data-testid="model-prior">
          <div className="label">Prior: two random stores are one</div>
          <div className="value">{report.prior ? `${bits(report.prior.matchWeight)} bits` : "—"}</div>
          <div className="muted">{report.prior ? `probability ${prob(report.prior.probability)}` : "no prior row"}</div>
        </div>
        <div className="card" data-testid="model-em">
          <div className="label">Expectation-maximisation</div>
          <div className="value">{em?.converged ? "converged" : em ? "not converged" : "—"}</div>
          <div className="muted">{em ? `${em.iterations ?? "?"} iteration(s)${em.finalChange !== null ? `, last change ${prob(em.finalChange)}` : ""}` : ""}</div>
        </div>
        <div className="card">
          <div className="label">Candidate pairs EM learned from</div>
          <div className="value">{em?.candidatePairs?.toLocaleString("en-US") ?? "—"}</div>
          <div className="muted">{em?.patterns !== null && em?.patterns !== undefined ? `${em.patterns.toLocaleString("en-US")} agreement patterns` : ""}</div>
        </div>
        <div className="card">
          <div className="label">Stewards&apos; labels when it was learned</div>
          <div className="value">{em?.labels ?? 0}</div>
          <div className="muted">{em?.labelsUsed ? "used to re-estimate m" : "not enough to use yet"}</div>
        </div>
      </div>

      <h2>Match weights</h2>
      <MatchWeightsChart bars={bars} />

      <h2>Levels</h2>
      <table aria-label="Model parameters">
        <thead>
          <tr><th>Comparison</th><th>Level</th><th className="num">m</th><th className="num">u</th><th className="num">Bayes factor</th><th className="num">Match weight (bits)</th><th className="num">Change from {report.previousVersion ?? "previous"}</th><th className="num">EM sessions</th></tr>
        </thead>
        <tbody>
          {report.levels.map((l) => (
            <tr key={`${l.comparison}-${l.level}`} data-testid="model-level">
              <td>{l.comparison}</td>
              <td>{l.level_label}</td>
              <td className="num nowrap">{prob(l.m)}</td>
              <td className="num nowrap">{prob(l.u)}</td>
              <td className="num nowrap">{l.bayes_factor >= 100 ? l.bayes_factor.toFixed(0) : l.bayes_factor.toPrecision(3)}</td>
              <td className="num">{bits(l.match_weight)}</td>
              <td className={`num ${l.change === null || Math.abs(l.change) < 0.005 ? "" : l.change > 0 ? "up" : "down"}`} data-testid="model-change">
                {l.change === null ? (report.previousVersion ? "new level" : "—") : Math.abs(l.change) < 0.005 ? "=" : bits(l.change)}
              </td>
              <td className="num" title="0: no training session learned this m; it stayed where EM started">{l.emSessions ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Accuracy on stewards&apos; labels</h2>
      <p className="muted">
        The version&apos;s matched pairs against the pair decisions: a MATCH decision is a positive label, NO_MATCH a negative one; pairs nobody
        decided do not count. Decisions recorded before a version&apos;s run are applied by it (they win over scores), so they agree by
        construction; the second row counts only decisions recorded after {report.version} was published, which it never saw.
      </p>
      <table aria-label="Accuracy on labels">
        <thead><tr><th>Labels</th><th className="num">MATCH</th><th className="num">NO_MATCH</th><th className="num">True positives</th><th className="num">False positives</th><th className="num">False negatives</th><th className="num">Precision</th><th className="num">Recall</th></tr></thead>
        <tbody>
          <AccuracyRow label="all decisions" a={accuracy.all} testid="accuracy-all" />
          <AccuracyRow label={`recorded after ${report.version}`} a={accuracy.unseen} testid="accuracy-unseen" />
        </tbody>
      </table>
      {accuracy.all.positives + accuracy.all.negatives === 0 && <p className="empty">No pair decision yet: stewards label pairs on the <Link href="/review">Review</Link> page.</p>}
    </>
  );
}
