import type { Config } from "../config";
import { queryRows, withMemoryDuckDB } from "../warehouse/duck";
import { attachVersion } from "./read";
import { readManifest, resolveVersion } from "./registry";

export interface PairChange {
  gi_id: string;
  th_id: string;
  score: number | null;
}

export interface PartnerChange {
  side: "gi" | "th";
  store_id: string;
  partner_a: string;
  partner_b: string;
}

export interface VersionDiff {
  a: string;
  b: string;
  newlyMatched: PairChange[];
  lost: PairChange[];
  partnerChanged: PartnerChange[];
  /** The full counts; the lists above hold at most `limit` rows each. */
  counts: { newlyMatched: number; lost: number; partnerChanged: number };
  statusDeltas: Record<string, { a: number; b: number; delta: number }>;
  reasonDeltas: Record<string, { a: number; b: number; delta: number }>;
}

/**
 * What changed from version A to version B: pairs matched in B whose stores were both
 * unmatched in A (newly matched), pairs of A whose stores are both unmatched in B (lost),
 * stores matched in both to different partners, and the status and failure-reason deltas.
 */
export async function diffVersions(config: Config, aSpec: string, bSpec: string, limit?: number): Promise<VersionDiff> {
  const [va, vb] = [await resolveVersion(config, aSpec), await resolveVersion(config, bSpec)];
  const [ma, mb] = [readManifest(va), readManifest(vb)];
  return withMemoryDuckDB(async (c) => {
    await attachVersion(c, ma, "a_");
    await attachVersion(c, mb, "b_");
    const q = <R>(sql: string) => queryRows<R>(c, sql);
    const cap = limit === undefined ? "" : ` limit ${Math.max(0, Math.floor(limit))}`;
    const count = async (sql: string) => Number((await q<{ n: number | bigint }>(`select count(*) as n from (${sql})`))[0]!.n);
    const pairs = (v: "a" | "b") => `(select gi_id, th_id, score from ${v}_fct_store_matches where status = 'MATCHED')`;
    const matchedGi = (v: "a" | "b") => `(select gi_id from ${v}_fct_store_matches where status = 'MATCHED')`;
    const matchedTh = (v: "a" | "b") => `(select th_id from ${v}_fct_store_matches where status = 'MATCHED')`;
    const newlySql = `select b.* from ${pairs("b")} b
      where b.gi_id not in ${matchedGi("a")} and b.th_id not in ${matchedTh("a")} order by gi_id`;
    const lostSql = `select a.* from ${pairs("a")} a
      where a.gi_id not in ${matchedGi("b")} and a.th_id not in ${matchedTh("b")} order by gi_id`;
    const partnerSql = `
      select 'gi' as side, a.gi_id as store_id, a.th_id as partner_a, b.th_id as partner_b
      from ${pairs("a")} a join ${pairs("b")} b on a.gi_id = b.gi_id where a.th_id <> b.th_id
      union all
      select 'th', a.th_id, a.gi_id, b.gi_id
      from ${pairs("a")} a join ${pairs("b")} b on a.th_id = b.th_id where a.gi_id <> b.gi_id
      order by side, store_id`;
    const [newlyMatched, lost, partnerChanged] = [await q<PairChange>(newlySql + cap), await q<PairChange>(lostSql + cap), await q<PartnerChange>(partnerSql + cap)];
    const counts = limit === undefined
      ? { newlyMatched: newlyMatched.length, lost: lost.length, partnerChanged: partnerChanged.length }
      : { newlyMatched: await count(newlySql), lost: await count(lostSql), partnerChanged: await count(partnerSql) };
    const deltas = async (table: string, col: string) => {
      const rows = await q<{ k: string; a: number; b: number }>(`
        with a as (select ${col} as k, count(*) as n from a_${table} group by 1),
             b as (select ${col} as k, count(*) as n from b_${table} group by 1)
        select coalesce(a.k, b.k) as k, coalesce(a.n, 0) as a, coalesce(b.n, 0) as b
        from a full outer join b on a.k = b.k order by 1`);
      return Object.fromEntries(rows.map((r) => [r.k, { a: r.a, b: r.b, delta: r.b - r.a }]));
    };
    return {
      a: va.id,
      b: vb.id,
      newlyMatched,
      lost,
      partnerChanged,
      counts,
      statusDeltas: await deltas("fct_store_matches", "status"),
      reasonDeltas: await deltas("diag_unmatched_stores", "failure_reason"),
    };
  });
}
