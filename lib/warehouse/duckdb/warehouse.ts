import { existsSync } from "node:fs";
import { InputError } from "../../ingest/validate";
import type { Manifest } from "../../versions/manifest";
import type { CompletenessCounts, RunInputs, DiffRows, PairChange, PartnerChange, StoreInVersion, StoreKey, VersionReader, Warehouse } from "../port";
import { attachVersion, tablesOf } from "./attach";
import { queryRows, withMemoryDuckDB, withWarehouseReadOnly, type Params } from "./db";
import { DuckVersionReader } from "./reader";
import { writeRunInputs } from "./run-inputs";
import { DuckVersionQueries, truthCte } from "./version-queries";

const MAX_READERS = 4;

/** The table of candidate pairs that reach scoring (blocking's output). */
// Every candidate pair (int_candidate_pairs_blocked holds only the last run's: a targeted run's are its scope's).
const CANDIDATE_PAIRS_TABLE = "staging.int_pairs_scored";

/**
 * The local warehouse: the DuckDB file dbt-duckdb writes during a run, and the versions'
 * immutable Parquet files, which every read goes through (never the live file, except the
 * pairs-completeness check of the CLI, which holds the warehouse lease).
 */
export class DuckDBWarehouse implements Warehouse {
  readonly kind = "duckdb";
  private readonly readers = new Map<string, Promise<DuckVersionReader>>();

  constructor(private readonly warehouseFile: string) {}

  reader(manifest: Manifest): Promise<DuckVersionReader> {
    const key = manifest.version;
    let r = this.readers.get(key);
    if (!r) {
      r = DuckVersionReader.open(manifest);
      this.readers.set(key, r);
      r.catch(() => this.readers.delete(key));
      if (this.readers.size > MAX_READERS) {
        const [oldest] = this.readers.keys();
        const evicted = this.readers.get(oldest!);
        this.readers.delete(oldest!);
        void evicted?.then((x) => x.retire()).catch(() => undefined);
      }
    }
    return r;
  }

  /** Views over the version's files in a fresh in-memory DuckDB, closed afterwards. */
  /** dbt-duckdb reads the batch's Parquet files (ingest writes them): nothing to load. */
  async loadRaw(): Promise<void> {}

  withVersion<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T> {
    return withMemoryDuckDB(async (c) => {
      await attachVersion(c, manifest);
      return fn(new DuckVersionQueries(manifest.version, <R>(sql: string, params?: Params) => queryRows<R>(c, sql, params), tablesOf(manifest)));
    });
  }

  diff(ma: Manifest, mb: Manifest, limit?: number): Promise<DiffRows> {
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
        newlyMatched, lost, partnerChanged, counts,
        statusDeltas: await deltas("fct_store_matches", "status"),
        reasonDeltas: await deltas("diag_unmatched_stores", "failure_reason"),
      };
    });
  }

  async storeHistory(versions: Manifest[], key: StoreKey): Promise<StoreInVersion[]> {
    if (versions.length === 0) return [];
    const idCol = key.source === "gi" ? "gi_id" : "th_id";
    const partnerCol = key.source === "gi" ? "th_id" : "gi_id";
    return withMemoryDuckDB(async (c) => {
      const parts: string[] = [];
      for (const [i, m] of versions.entries()) {
        const p = `v${i}_`;
        await attachVersion(c, m, p);
        // One scan of each table per version (gold by the store's id, diagnostics by (source, id));
        // the store's key is bound ($1 source, $2 store id).
        parts.push(`select ${i} as ord, g.status as match_status, g.partner, g.score, d.failure_reason, d.potential_score
          from (select 1) one
          left join (select status, ${partnerCol} as partner, score from ${p}fct_store_matches where ${idCol} = $2 limit 1) g on true
          left join (select failure_reason, potential_score from ${p}diag_unmatched_stores where source = $1 and store_id = $2 limit 1) d on true`);
      }
      const rows = await queryRows<{ ord: number; match_status: string | null; partner: string | null; score: number | null; failure_reason: string | null; potential_score: number | null }>(
        c, `${parts.join("\nunion all\n")} order by ord`, [key.source, key.storeId]);
      return rows.map((r) => ({ matchStatus: r.match_status, partner: r.partner, score: r.score, failureReason: r.failure_reason, potentialScore: r.potential_score }));
    });
  }

  writeRunInputs(input: RunInputs): Promise<void> {
    return writeRunInputs(this.warehouseFile, input);
  }

  /** The caller makes sure no run writes the warehouse meanwhile (the CLI holds the warehouse lease). */
  async pairsCompleteness(truthFile: string): Promise<CompletenessCounts> {
    if (!existsSync(this.warehouseFile)) throw new InputError("warehouse", null, null, "no run has built the warehouse yet");
    return withWarehouseReadOnly(this.warehouseFile, async (c) => {
      const [r] = await queryRows<CompletenessCounts>(
        c,
        `with ${truthCte(truthFile)},
        stores as (
          select 'gi' as source, store_id from staging.stg_gi__stores
          union all select 'th', store_id from staging.stg_th__stores
        ),
        present as (
          select t.* from truth t
          where t.gi_id in (select store_id from stores where source = 'gi')
            and t.th_id in (select store_id from stores where source = 'th')
        )
        select
          (select count(*) from present) as "truthPairs",
          (select count(*) from present p join ${CANDIDATE_PAIRS_TABLE} b using (gi_id, th_id)) as "truthPairsBlocked",
          (select count(*) from ${CANDIDATE_PAIRS_TABLE}) as "candidatePairs",
          (select count(*) from stores where source = 'gi') as "giStores",
          (select count(*) from stores where source = 'th') as "thStores"`,
      );
      return r!;
    });
  }
}
