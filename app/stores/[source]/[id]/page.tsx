import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DecisionList } from "../../../../components/decision-list";
import { MatchWaterfall } from "../../../../components/match-waterfall";
import { ScoreBars } from "../../../../components/score-bars";
import { StoreActions } from "../../../../components/store-actions";
import { TokenDiff } from "../../../../components/token-diff";
import { can } from "../../../../lib/auth/permissions";
import { currentUser } from "../../../../lib/auth/session";
import { loadConfig } from "../../../../lib/config";
import { control } from "../../../../lib/control/db";
import { decisionsForStore } from "../../../../lib/control/decisions";
import { isUserFacing } from "../../../../lib/control/errors";
import { openTriggerOf } from "../../../../lib/control/triggers";
import { failureReasons } from "../../../../lib/diagnostics/reasons";
import { versionRules } from "../../../../lib/versions/rules";
import { storeHistory, storeProfiles, type StoreProfile } from "../../../../lib/versions/explorer";
import { readableVersionId } from "../../../../lib/versions/access";
import { modelParameters, storeWithCandidates, waterfallSteps, versionReader } from "../../../../lib/versions/reader";

export const dynamic = "force-dynamic";

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const words = (s: string | null | undefined) => (s ? s.split(" ").filter(Boolean) : null);
const other = (s: "gi" | "th"): "gi" | "th" => (s === "gi" ? "th" : "gi");

function Side({ title, p, vs, testid }: { title: ReactNode; p: StoreProfile | undefined; vs: StoreProfile | undefined; testid: string }) {
  if (!p) return <div className="side"><h3>{title}</h3><p className="muted">No profile in this version.</p></div>;
  const field = (label: string, raw: ReactNode, norm: ReactNode) => (
    <tr><th scope="row">{label}</th><td>{raw ?? <span className="muted">—</span>}</td><td>{norm}</td></tr>
  );
  return (
    <div className="side" data-testid={testid}>
      <h3>{title}</h3>
      <table aria-label={`${p.source.toUpperCase()} ${p.store_id} values`}>
        <thead><tr><th></th><th>Raw</th><th>Normalized (differences marked)</th></tr></thead>
        <tbody>
          {field("Name", p.name_raw, <TokenDiff tokens={p.name_tokens} other={vs?.name_tokens ?? null} label="normalized name" />)}
          {field("Address", p.address_raw, <TokenDiff tokens={words(p.address_norm)} other={words(vs?.address_norm)} label="normalized address" />)}
          {field("Postcode", p.postcode_raw, p.postcode_norm && vs?.postcode_norm && p.postcode_norm !== vs.postcode_norm ? <mark>{p.postcode_norm}</mark> : p.postcode_norm ?? "—")}
          {field("City", p.city_raw, <TokenDiff tokens={words(p.city_norm)} other={words(vs?.city_norm)} label="normalized city" />)}
          {field("Country", p.country_raw, p.country_code ?? "—")}
          {field("Phone", p.phone_raw, p.phone_norm && vs?.phone_norm && p.phone_norm !== vs.phone_norm ? <mark>{p.phone_norm}</mark> : p.phone_norm ?? "—")}
          {field("Coordinates", p.lat !== null && p.lon !== null ? `${Number(p.lat).toFixed(5)}, ${Number(p.lon).toFixed(5)}` : null, "")}
          {field("Brand", null, p.brand ?? "independent")}
        </tbody>
      </table>
    </div>
  );
}

export default async function StorePage({ params, searchParams }: { params: Promise<{ source: string; id: string }>; searchParams: Promise<{ c?: string; version?: string }> }) {
  const { source: rawSource, id: rawId } = await params;
  const id = decodeURIComponent(rawId);
  const user = await currentUser();
  if (!user) redirect(`/login?next=/stores/${rawSource}/${rawId}`);
  if (!can(user.role, "stores.read")) return <p className="empty">Your role cannot read stores.</p>;
  if (rawSource !== "gi" && rawSource !== "th") return <p className="empty">Unknown source “{rawSource}”: a store page is /stores/gi/ID or /stores/th/ID.</p>;
  const source: "gi" | "th" = rawSource;
  const sp = await searchParams;
  const config = loadConfig();
  let reader;
  try {
    reader = await versionReader(config, await readableVersionId(config, user.role, sp.version ?? "promoted"));
  } catch (e) {
    if (isUserFacing(e)) return <p className="empty">{e.message}</p>;
    throw e;
  }
  const { gold, diagnosis, candidates } = await storeWithCandidates(reader, source, id);
  if (!gold) return <p className="empty">Version {reader.version} has no {source.toUpperCase()} store <code>{id}</code>. <Link href="/stores">Search for a store</Link>.</p>;
  const partner = gold.status === "MATCHED" ? String(source === "gi" ? gold.th_id : gold.gi_id) : null;
  const selectedId = sp.c ?? partner ?? (candidates[0]?.candidate_id as string | undefined) ?? null;
  const selected = candidates.find((c) => c.candidate_id === selectedId) as Row | undefined;
  const db = control(config);
  const [profiles, history, decisions, openTrigger] = await Promise.all([
    storeProfiles(reader, [{ source, storeId: id }, ...(selectedId ? [{ source: other(source), storeId: selectedId }] : [])]),
    storeHistory(config, { source, storeId: id }, 10, { promotedOnly: !can(user.role, "versions.read.candidates") }),
    decisionsForStore(db, source, id),
    openTriggerOf(db, source, id),
  ]);
  const me = profiles.get(`${source}|${id}`);
  const them = selectedId ? profiles.get(`${other(source)}|${selectedId}`) : undefined;
  const rules = await versionRules(config, reader.version);
  const reasonInfo = failureReasons(config.dbtDir);
  const model = await modelParameters(reader);
  const evidenceRow = (partner ? gold : selected) as Record<string, unknown> | undefined;
  const steps = evidenceRow && evidenceRow.prior_weight !== null && evidenceRow.prior_weight !== undefined ? waterfallSteps(evidenceRow, model) : null;
  const reason = diagnosis ? String(diagnosis.failure_reason) : null;
  const giId = source === "gi" ? id : selectedId;
  const thId = source === "th" ? id : selectedId;

  return (
    <>
      <p className="muted"><Link href="/stores">Stores</Link> › {source.toUpperCase()} <code>{id}</code> · version <code>{reader.version}</code></p>
      <h1>{me?.name_raw ?? String(gold.gi_name ?? gold.th_name ?? id)}</h1>
      {partner ? (
        <p className="notice" data-testid="store-status">
          Matched to {other(source).toUpperCase()} <Link href={`/stores/${other(source)}/${encodeURIComponent(partner)}`}><code>{partner}</code></Link> with score {num(gold.score)?.toFixed(1)}.
        </p>
      ) : (
        <section className="panel" aria-label="Why it is unmatched" data-testid="store-status">
          <p><strong>Unmatched: {reason}</strong> — {reason ? reasonInfo.get(reason)?.summary ?? reason : "no diagnosis"}.{diagnosis?.potential_score !== null && diagnosis?.potential_score !== undefined ? ` Potential score ${num(diagnosis.potential_score)?.toFixed(1)}.` : ""}</p>
          {reason && reasonInfo.get(reason) && <p>{reasonInfo.get(reason)!.explanation}</p>}
        </section>
      )}

      {!partner && (
        <>
          <h2>Top candidates</h2>
          {candidates.length === 0 ? (
            <p className="empty">Blocking found no candidate for this store.</p>
          ) : (
            <table aria-label="Candidates">
              <thead><tr><th>#</th><th>{other(source).toUpperCase()} store</th><th className="num">Score (100 × p)</th><th className="num">Name similarity</th><th>Can match</th><th>Matched to</th><th></th></tr></thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={String(c.candidate_id)} aria-current={c.candidate_id === selectedId ? "true" : undefined} data-testid="candidate-row">
                    <td>{String(c.candidate_rank)}</td>
                    <td><Link href={`/stores/${other(source)}/${encodeURIComponent(String(c.candidate_id))}`}><code>{String(c.candidate_id)}</code></Link></td>
                    <td className="num">{num(c.total_score)?.toFixed(1) ?? "—"}</td>
                    <td className="num">{num(c.name_score)?.toFixed(1) ?? "—"}</td>
                    <td>{c.is_eligible ? "yes" : "no"}</td>
                    <td>{c.candidate_matched_to ? <code>{String(c.candidate_matched_to)}</code> : ""}</td>
                    <td>{c.candidate_id === selectedId ? <strong>compared below</strong> : <Link href={`?c=${encodeURIComponent(String(c.candidate_id))}${sp.version ? `&version=${sp.version}` : ""}`}>compare</Link>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      {selectedId && (
        <>
          <h2>{partner ? "Side by side with its partner" : `Side by side with candidate ${selectedId}`}</h2>
          <div className="columns">
            <Side title={<>{source.toUpperCase()} <code>{id}</code> (this store)</>} p={me} vs={them} testid="side-self" />
            <Side title={<>{other(source).toUpperCase()} <code>{selectedId}</code></>} p={them} vs={me} testid="side-candidate" />
          </div>
          {steps && (
            <>
              <h3>Why: the model&apos;s evidence, comparison by comparison</h3>
              <MatchWaterfall steps={steps} threshold={rules.matchProbability} />
              <p className="muted">
                Each comparison adds its learned match weight in bits (log2 of m/u) to the prior; the total gives the match probability.
                A pair can match from {(100 * rules.matchProbability).toFixed(0)}%. See the <Link href="/model">model</Link> for every level&apos;s m and u.
              </p>
            </>
          )}
          {selected && (
            <>
              <h3>Similarities</h3>
              <ScoreBars
                scores={[
                  { label: "name", value: num(selected.name_score) },
                  { label: "address", value: num(selected.address_score) },
                  { label: "postcode", value: num(selected.postcode_score) },
                  { label: "city", value: num(selected.city_score) },
                  { label: "phone", value: num(selected.phone_score) },
                  { label: "distance", value: num(selected.distance_score) },
                ]}
              />
              <p className="muted">
                Similarities from 0 to 100 (shown for people; the model scores their levels).
                {selected.distance_km !== null && selected.distance_km !== undefined ? ` Distance ${Number(selected.distance_km).toFixed(3)} km.` : ""}
              </p>
            </>
          )}
        </>
      )}

      {can(user.role, "triggers.create") && (
        <StoreActions source={source} storeId={id} giId={giId} thId={thId} openTrigger={openTrigger ? { id: openTrigger.id, status: openTrigger.status } : null} defaultReason={reason ?? ""} potential={num(diagnosis?.potential_score) ?? 0} />
      )}
      {decisions.length > 0 && (
        <>
          <h2>Pair decisions on this store</h2>
          <DecisionList decisions={decisions} canWrite={can(user.role, "decisions.write")} />
        </>
      )}

      <h2>History across versions</h2>
      <table aria-label="History across versions">
        <thead><tr><th>Version</th><th>Version status</th><th>Store</th><th>Partner</th><th className="num">Score</th><th>Reason</th><th className="num">Potential</th></tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.version} data-testid="history-row">
              <td><Link href={`?version=${h.version}`}><code>{h.version}</code></Link></td>
              <td>{h.versionStatus}</td>
              <td>{h.matchStatus ?? "absent"}</td>
              <td>{h.partner ? <code>{h.partner}</code> : ""}</td>
              <td className="num">{h.score === null ? "" : Number(h.score).toFixed(1)}</td>
              <td>{h.failureReason ?? ""}</td>
              <td className="num">{h.potentialScore === null ? "" : Number(h.potentialScore).toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
