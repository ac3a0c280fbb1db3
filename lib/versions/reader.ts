import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Config } from "../config";
import { queryRows, type Params } from "../warehouse/duck";
import { attachVersion } from "./read";
import { readManifest, resolveVersion, VERSION_TABLES, type Manifest } from "./registry";

const LOOKUPS: [string, string][] = [
  ["fct_store_matches", "gi_id"],
  ["fct_store_matches", "th_id"],
  ["diag_unmatched_stores", "store_id"],
  ["diag_store_candidates", "store_id"],
];

/**
 * A long-lived, read-only view of one version for the console: one in-memory DuckDB per
 * version, opened once, with views over the version's immutable Parquet files. Versions never
 * change once published, so a cached reader never goes stale; a handful are kept.
 *
 * Readers are shared by concurrent requests, so one is never closed under a query: the cache
 * retires an evicted reader, which closes itself once no query is running and none started for
 * IDLE_CLOSE_MS. A query that still arrives later (a slow page) reopens it.
 */
export class VersionReader {
  private inFlight = 0;
  private lastUsed = Date.now();
  private retired = false;
  private closed = false;
  private reopening: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly version: string,
    private readonly config: Config,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
  ) {}

  static async open(config: Config, spec = "promoted"): Promise<VersionReader> {
    const manifest = readManifest(await resolveVersion(config, spec));
    const { instance, conn } = await VersionReader.load(manifest);
    return new VersionReader(manifest.version, config, instance, conn);
  }

  private static async load(manifest: Manifest): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
    const conn = await instance.connect();
    // Load the version's Parquet files into memory once, with indexes on the lookup columns:
    // the console's point lookups then cost milliseconds instead of a file scan each.
    await attachVersion(conn, manifest, "file_");
    for (const t of VERSION_TABLES) {
      if (t === "dim_stores" || manifest.tables[t].files.length === 0) continue;
      await conn.run(`create table ${t} as select * from file_${t}`);
    }
    // Store profiles (2 rows per store pair) stay on disk: files sorted by (source, store_id), so
    // a point lookup reads one row group. An old version without them gets an empty view.
    // Profiles are history (a targeted run appends the rows it recomputed): lookups take each
    // key's latest computed_at. A version published before the stamp existed gets a null one.
    const profileColumns = manifest.tables.dim_stores.files.length
      ? (await queryRows<{ column_name: string }>(conn, "describe file_dim_stores")).map((c) => c.column_name)
      : [];
    await conn.run(profileColumns.length === 0
      ? "create view dim_stores as select null::varchar as source, null::varchar as store_id, null::timestamp as computed_at where false"
      : profileColumns.includes("computed_at")
        ? "create view dim_stores as select * from file_dim_stores"
        : "create view dim_stores as select *, null::timestamp as computed_at from file_dim_stores");
    for (const [t, col] of LOOKUPS) await conn.run(`create index ${t}_${col}_idx on ${t} (${col})`);
    return { instance, conn };
  }

  /** A query; user input goes in `params` ($1, $2…), never into `sql`. */
  async query<T>(sql: string, params?: Params): Promise<T[]> {
    this.inFlight++;
    try {
      if (this.closed) await (this.reopening ??= this.reopen());
      return await queryRows<T>(this.conn, sql, params);
    } finally {
      this.inFlight--;
      this.lastUsed = Date.now();
      if (this.retired) this.closeWhenIdle();
    }
  }

  private async reopen(): Promise<void> {
    const loaded = await VersionReader.load(readManifest(await resolveVersion(this.config, this.version)));
    this.instance = loaded.instance;
    this.conn = loaded.conn;
    this.closed = false;
    this.reopening = null;
    if (this.retired) this.closeWhenIdle();
  }

  /** Evicted from the cache: close once idle (never under a running query). */
  retire(): void {
    this.retired = true;
    this.closeWhenIdle();
  }

  /** Queries running on this reader now (for tests and logs). */
  get busy(): number {
    return this.inFlight;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private closeWhenIdle(): void {
    if (this.closed || this.idleTimer) return;
    const wait = Math.max(0, this.lastUsed + IDLE_CLOSE_MS - Date.now());
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.closed || this.reopening) return;
      if (this.inFlight > 0 || Date.now() - this.lastUsed < IDLE_CLOSE_MS) return this.closeWhenIdle();
      this.close();
    }, wait);
    this.idleTimer.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** How long a retired reader stays open after its last query (a page's queries come in a burst). */
export const IDLE_CLOSE_MS = 5_000;

const cache = new Map<string, Promise<VersionReader>>();
const MAX_READERS = 4;

/** The reader of a version (a version id, promoted or latest), shared across requests. */
export async function versionReader(config: Config, spec = "promoted"): Promise<VersionReader> {
  const id = (await resolveVersion(config, spec)).id;
  const key = `${config.dataDir}|${id}`;
  let r = cache.get(key);
  if (!r) {
    r = VersionReader.open(config, id);
    cache.set(key, r);
    r.catch(() => cache.delete(key));
    if (cache.size > MAX_READERS) {
      const [oldest] = cache.keys();
      const evicted = cache.get(oldest!);
      cache.delete(oldest!);
      void evicted?.then((x) => x.retire()).catch(() => undefined);
    }
  }
  return r;
}

export const FAILURE_DIMENSIONS = ["source", "country", "city", "brand", "name_token"] as const;
export type FailureDimension = (typeof FAILURE_DIMENSIONS)[number];

/** Failure reasons by one dimension: the top values and their reasons. */
export async function failurePatterns(r: VersionReader, dimension: FailureDimension, limit = 20) {
  return r.query<{ value: string; failure_reason: string; stores: number; avg_potential_score: number | null }>(`
    with top as (
      select value, sum(stores) as total from diag_failure_patterns
      where dimension = $1 group by value order by total desc, value limit ${Number(limit)}
    )
    select p.value, p.failure_reason, sum(p.stores)::bigint as stores, round(avg(p.avg_potential_score), 1) as avg_potential_score
    from diag_failure_patterns p join top using (value)
    where p.dimension = $1
    group by 1, 2 order by max(top.total) desc, p.value, stores desc`, [dimension]);
}

/** One store: its gold row, its diagnosis and its top candidates. */
export async function storeWithCandidates(r: VersionReader, source: "gi" | "th", storeId: string) {
  const idCol = source === "gi" ? "gi_id" : "th_id";
  const [gold] = await r.query<Record<string, unknown>>(`select * from fct_store_matches where ${idCol} = $1`, [storeId]);
  const [diagnosis] = await r.query<Record<string, unknown>>(
    `select * exclude (name_tokens) from diag_unmatched_stores where source = $1 and store_id = $2`, [source, storeId]);
  const candidates = await r.query<Record<string, unknown>>(
    `select * from diag_store_candidates where source = $1 and store_id = $2 order by candidate_rank`, [source, storeId]);
  return { gold: gold ?? null, diagnosis: diagnosis ?? null, candidates };
}

/** Each dimension's filter on a bound value ($n). */
const DIMENSION_FILTER: Record<FailureDimension, (p: string) => string> = {
  source: (p) => `source = ${p}`,
  country: (p) => `coalesce(country_code, '(unknown)') = ${p}`,
  city: (p) => `coalesce(city, '(unknown)') = ${p}`,
  brand: (p) => `brand = ${p}`,
  name_token: (p) => `list_contains(name_tokens, ${p})`,
};

export interface UnmatchedFilter {
  reason?: string;
  source?: "gi" | "th";
  dimension?: FailureDimension;
  value?: string;
}

/** The where clause of a filter and the values it binds. */
function whereOf(f: UnmatchedFilter): { sql: string; params: Params } {
  const params: Params = [];
  const bind = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [
    f.reason ? `failure_reason = ${bind(f.reason)}` : null,
    f.source ? `source = ${bind(f.source)}` : null,
    f.dimension && f.value ? DIMENSION_FILTER[f.dimension](bind(f.value)) : null,
  ].filter(Boolean);
  return { sql: where.length ? `where ${where.join(" and ")}` : "", params };
}

/** Unmatched stores counted by reason, under a filter (the chart above the table). */
export async function reasonCounts(r: VersionReader, f: UnmatchedFilter = {}) {
  const w = whereOf({ ...f, reason: undefined });
  return r.query<{ reason: string; stores: number }>(
    `select failure_reason as reason, count(*) as stores from diag_unmatched_stores ${w.sql} group by 1 order by 2 desc, 1`, w.params);
}

/** The potential-score histogram (bins of 10 points) under a filter. */
export async function potentialHistogram(r: VersionReader, f: UnmatchedFilter = {}) {
  const w = whereOf(f);
  return r.query<{ bin: number; stores: number }>(`
    select least(floor(potential_score / 10) * 10, 90)::integer as bin, count(*) as stores
    from diag_unmatched_stores ${w.sql} ${w.sql ? "and" : "where"} potential_score is not null
    group by 1 order by 1`, w.params);
}

/** A page of unmatched stores, optionally filtered, highest potential first. */
export async function unmatchedPage(r: VersionReader, opts: UnmatchedFilter & { page?: number; pageSize?: number }) {
  const size = Math.min(Math.max(opts.pageSize ?? 50, 1), 200);
  const page = Math.max(opts.page ?? 1, 1);
  const w = whereOf(opts);
  const [count] = await r.query<{ n: number }>(`select count(*) as n from diag_unmatched_stores ${w.sql}`, w.params);
  const rows = await r.query<Record<string, unknown>>(`
    select source, store_id, name, city, country_code, brand, failure_reason, potential_score, best_candidate_id
    from diag_unmatched_stores ${w.sql}
    order by potential_score desc nulls last, source, store_id
    limit ${size} offset ${(page - 1) * size}`, w.params);
  return { total: count!.n, page, pageSize: size, rows };
}

/** One row of a version's model_parameters table (dbt/models/model/model_parameters.sql). */
export interface ModelParameter {
  comparison: string;
  level: number;
  level_label: string;
  m: number;
  u: number;
  bayes_factor: number;
  match_weight: number;
  em_iterations: number | null;
  em_converged: boolean | null;
  candidate_pairs: number | null;
  labels: number | null;
  labels_used: boolean | null;
}

/** A version's model_parameters rows, prior first, for the console and the CLI. */
export const MODEL_PARAMETERS_SQL = `select comparison, level::int as level, level_label, m, u, bayes_factor, match_weight,
  em_iterations::int as em_iterations, em_converged, candidate_pairs::bigint as candidate_pairs, labels::bigint as labels, labels_used,
  em_sessions::int as em_sessions, em_final_change::double as em_final_change, patterns::bigint as patterns, learned_at::varchar as learned_at
  from model_parameters order by comparison = '_prior' desc, comparison, level`;

/** The model a version was built with; empty for a version published before the model existed. */
export async function modelParameters(r: VersionReader): Promise<ModelParameter[]> {
  const [has] = await r.query<{ n: number }>(`select count(*)::int as n from duckdb_tables() where table_name = 'model_parameters'`);
  if (!has || has.n === 0) return [];
  return r.query<ModelParameter>(MODEL_PARAMETERS_SQL);
}

/** The comparisons of the model, in order (name, address, postcode, city, phone, distance). */
export const COMPARISONS = ["name", "address", "postcode", "city", "phone", "distance"] as const;

/**
 * The waterfall of a pair row (a gold row or a candidate row carrying prior_weight and
 * <comparison>_level / _weight): the prior, then each comparison at its level.
 */
export function waterfallSteps(row: Record<string, unknown>, params: ModelParameter[]) {
  const label = (c: string, level: number) => params.find((p) => p.comparison === c && p.level === level)?.level_label ?? String(level);
  const steps = [{ label: "prior", level: null as string | null, weight: Number(row.prior_weight ?? 0) }];
  for (const c of COMPARISONS) {
    const level = row[`${c}_level`];
    if (level === null || level === undefined) continue;
    const l = Number(level);
    steps.push({ label: c, level: l < 0 ? "missing (no evidence)" : label(c, l), weight: Number(row[`${c}_weight`] ?? 0) });
  }
  return steps;
}
