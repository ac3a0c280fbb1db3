import type { Config } from "../config";
import { queryRows, withMemoryDuckDB } from "../warehouse/duck";
import { attachVersion } from "./read";
import { readManifest, resolveVersion, type Manifest } from "./registry";

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
  // Versions never change once published, so neither does their diff: computed once per server.
  const key = `${config.dataDir}|${va.id}|${vb.id}|${limit ?? "all"}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = computeDiff(readManifest(va), readManifest(vb), limit);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
    if (cache.size > 20) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

const cache = new Map<string, Promise<VersionDiff>>();

async function computeDiff(ma: Manifest, mb: Manifest, limit?: number): Promise<VersionDiff> {
  return withMemoryDuckDB(async (c) => {
    await attachVersion(c, ma, "a_");
    await attachVersion(c, mb, "b_");
    const q = <R>(sql: string) => queryRows<R>(c, sql);
    const cap = limit === undefined ? "" : ` limit ${Math.max(0, Math.floor(limit))}`;
    // Each version's matched pairs are read once; the three lists are anti-joins over them.
    for (const v of ["a", "b"]) await c.run(`create temp table ${v}_pairs as select gi_id, th_id, score from ${v}_fct_store_matches where status = 'MATCHED'`);
    await c.run(`create temp table newly as select b.* from b_pairs b
      anti join a_pairs a_gi on a_gi.gi_id = b.gi_id anti join a_pairs a_th on a_th.th_id = b.th_id`);
    await c.run(`create temp table lost as select a.* from a_pairs a
      anti join b_pairs b_gi on b_gi.gi_id = a.gi_id anti join b_pairs b_th on b_th.th_id = a.th_id`);
    await c.run(`create temp table partner as
      select 'gi' as side, a.gi_id as store_id, a.th_id as partner_a, b.th_id as partner_b
      from a_pairs a join b_pairs b on a.gi_id = b.gi_id where a.th_id <> b.th_id
      union all
      select 'th', a.th_id, a.gi_id, b.gi_id
      from a_pairs a join b_pairs b on a.th_id = b.th_id where a.gi_id <> b.gi_id`);
    const total = async (t: string) => Number((await q<{ n: number | bigint }>(`select count(*) as n from ${t}`))[0]!.n);
    const newlyMatched = await q<PairChange>(`select * from newly order by gi_id${cap}`);
    const lost = await q<PairChange>(`select * from lost order by gi_id${cap}`);
    const partnerChanged = await q<PartnerChange>(`select * from partner order by side, store_id${cap}`);
    const counts = { newlyMatched: await total("newly"), lost: await total("lost"), partnerChanged: await total("partner") };
    const deltas = async (table: string, col: string) => {
      const rows = await q<{ k: string; a: number; b: number }>(`
        with a as (select ${col} as k, count(*) as n from a_${table} group by 1),
             b as (select ${col} as k, count(*) as n from b_${table} group by 1)
        select coalesce(a.k, b.k) as k, coalesce(a.n, 0) as a, coalesce(b.n, 0) as b
        from a full outer join b on a.k = b.k order by 1`);
      return Object.fromEntries(rows.map((r) => [r.k, { a: r.a, b: r.b, delta: r.b - r.a }]));
    };
    return {
      a: ma.version,
      b: mb.version,
      newlyMatched,
      lost,
      partnerChanged,
      counts,
      statusDeltas: await deltas("fct_store_matches", "status"),
      reasonDeltas: await deltas("diag_unmatched_stores", "failure_reason"),
    };
  });
}
