import type {
  FailureDimension, ModelParameterRow, PairEvidence, ReasonCount, ReviewQuery, Source, StoreKey, StoreProfile, UnmatchedFilter, VersionReader,
} from "../port";
import { sqlString, type Params } from "./db";

export type Query = <R>(sql: string, params?: Params) => Promise<R[]>;

/** The comparisons of the model, in order (the columns <c>_level / <c>_weight of pair rows). */
const COMPARISONS = ["name", "address", "postcode", "city", "phone", "distance"] as const;

/** Each dimension's filter on a bound value ($n). */
const DIMENSION_FILTER: Record<FailureDimension, (p: string) => string> = {
  source: (p) => `source = ${p}`,
  country: (p) => `coalesce(country_code, '(unknown)') = ${p}`,
  city: (p) => `coalesce(city, '(unknown)') = ${p}`,
  brand: (p) => `brand = ${p}`,
  name_token: (p) => `list_contains(name_tokens, ${p})`,
};

/** A where clause and the values it binds ($1, $2…). */
function binder() {
  const params: Params = [];
  const bind = (v: string | number) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = (parts: (string | null | undefined | false)[]) => {
    const w = parts.filter(Boolean);
    return w.length ? `where ${w.join(" and ")}` : "";
  };
  return { params, bind, where };
}

function unmatchedWhere(f: UnmatchedFilter) {
  const b = binder();
  const sql = b.where([
    f.reason && `failure_reason = ${b.bind(f.reason)}`,
    f.source && `source = ${b.bind(f.source)}`,
    f.dimension && f.value && DIMENSION_FILTER[f.dimension](b.bind(f.value)),
  ]);
  return { sql, params: b.params };
}

function reviewWhere(f: ReviewQuery) {
  const b = binder();
  const sql = b.where([
    f.kind && `kind = ${b.bind(f.kind)}`,
    f.city && `lower(city) = lower(${b.bind(f.city)})`,
    // Inclusive bounds in percent, with a little slack so that "45.67" includes a stored 0.4567.
    f.minProbability !== undefined && `match_probability >= ${b.bind(Number(f.minProbability) / 100 - 1e-9)}::double`,
    f.maxProbability !== undefined && `match_probability <= ${b.bind(Number(f.maxProbability) / 100 + 1e-9)}::double`,
  ]);
  return { sql, params: b.params };
}

const EVIDENCE_COLUMNS = ["prior_weight", "match_weight", ...COMPARISONS.flatMap((c) => [`${c}_level`, `${c}_weight`])].join(", ");

/** A spreadsheet formula-like text cell (=, +, -, @, tab, CR first) gets a leading ' (OWASP, CSV injection). */
const csvSafe = (col: string) => `case when regexp_matches(${col}, '^[=+\\-@\\t\\r]') then '''' || ${col} else ${col} end as ${col}`;

const truthCte = (truthPath: string) => `
  truth as (
    select distinct trim(gi_id) as gi_id, trim(th_id) as th_id
    from read_csv(${sqlString(truthPath)}, header = true, all_varchar = true)
    where nullif(trim(gi_id), '') is not null and nullif(trim(th_id), '') is not null
  )`;
export { truthCte };

/**
 * The DuckDB SQL of every version read, over a connection where each of the version's tables
 * is a view or table of its own name (lib/warehouse/duckdb/attach.ts).
 */
export class DuckVersionQueries implements VersionReader {
  constructor(readonly version: string, protected readonly q: Query, private readonly tables: ReadonlySet<string>) {}

  private has(table: string): boolean {
    return this.tables.has(table);
  }

  async statusCounts() {
    const [r] = await this.q<{ matched: number; gi_only: number; th_only: number }>(`
      select count(*) filter (where status = 'MATCHED') as matched,
             count(*) filter (where status = 'GI_ONLY') as gi_only,
             count(*) filter (where status = 'TH_ONLY') as th_only
      from fct_store_matches`);
    return { matched: r!.matched, giOnly: r!.gi_only, thOnly: r!.th_only };
  }

  reasonSummary() {
    return this.q<ReasonCount>(`
      select failure_reason as reason, count(*) as stores, round(avg(potential_score), 1) as "avgPotential"
      from diag_unmatched_stores group by 1 order by stores desc, reason`);
  }

  failurePatterns(dimension: FailureDimension, limit: number) {
    return this.q<{ value: string; failure_reason: string; stores: number; avg_potential_score: number | null }>(`
      with top as (
        select value, sum(stores) as total from diag_failure_patterns
        where dimension = $1 group by value order by total desc, value limit ${Math.max(1, Math.floor(limit))}
      )
      select p.value, p.failure_reason, sum(p.stores)::bigint as stores, round(avg(p.avg_potential_score), 1) as avg_potential_score
      from diag_failure_patterns p join top using (value)
      where p.dimension = $1
      group by 1, 2 order by max(top.total) desc, p.value, stores desc`, [dimension]);
  }

  async storeWithCandidates(source: Source, storeId: string) {
    const idCol = source === "gi" ? "gi_id" : "th_id";
    const [gold] = await this.q<Record<string, unknown>>(`select * from fct_store_matches where ${idCol} = $1`, [storeId]);
    const [diagnosis] = await this.q<Record<string, unknown>>(
      `select * exclude (name_tokens) from diag_unmatched_stores where source = $1 and store_id = $2`, [source, storeId]);
    const candidates = await this.q<Record<string, unknown>>(
      `select * from diag_store_candidates where source = $1 and store_id = $2 order by candidate_rank`, [source, storeId]);
    return { gold: gold ?? null, diagnosis: diagnosis ?? null, candidates };
  }

  reasonCounts(f: UnmatchedFilter) {
    const w = unmatchedWhere({ ...f, reason: undefined });
    return this.q<{ reason: string; stores: number }>(
      `select failure_reason as reason, count(*) as stores from diag_unmatched_stores ${w.sql} group by 1 order by 2 desc, 1`, w.params);
  }

  potentialHistogram(f: UnmatchedFilter) {
    const w = unmatchedWhere(f);
    return this.q<{ bin: number; stores: number }>(`
      select least(floor(potential_score / 10) * 10, 90)::integer as bin, count(*) as stores
      from diag_unmatched_stores ${w.sql} ${w.sql ? "and" : "where"} potential_score is not null
      group by 1 order by 1`, w.params);
  }

  async unmatchedPage(f: UnmatchedFilter, offset: number, limit: number) {
    const w = unmatchedWhere(f);
    const [count] = await this.q<{ n: number }>(`select count(*) as n from diag_unmatched_stores ${w.sql}`, w.params);
    const rows = await this.q<Record<string, unknown>>(`
      select source, store_id, name, city, country_code, brand, failure_reason, potential_score, best_candidate_id
      from diag_unmatched_stores ${w.sql}
      order by potential_score desc nulls last, source, store_id
      limit ${Math.max(0, Math.floor(limit))} offset ${Math.max(0, Math.floor(offset))}`, w.params);
    return { total: count!.n, rows };
  }

  async modelParameters() {
    if (!this.has("model_parameters")) return [];
    return this.q<ModelParameterRow>(`select comparison, level::int as level, level_label, m, u, bayes_factor, match_weight,
      em_iterations::int as em_iterations, em_converged, candidate_pairs::bigint as candidate_pairs, labels::bigint as labels, labels_used,
      em_sessions::int as em_sessions, em_final_change::double as em_final_change, patterns::bigint as patterns, learned_at::varchar as learned_at
      from model_parameters order by comparison = '_prior' desc, comparison, level`);
  }

  async pairEvidence(giId: string, thId: string): Promise<{ status: "MATCHED" | "CANDIDATE"; row: PairEvidence } | null> {
    const [gold] = await this.q<PairEvidence>(`select ${EVIDENCE_COLUMNS} from fct_store_matches where gi_id = $1 and th_id = $2 and status = 'MATCHED'`, [giId, thId]);
    if (gold) return { status: "MATCHED", row: gold };
    const [cand] = await this.q<PairEvidence>(
      `select ${EVIDENCE_COLUMNS} from diag_store_candidates
       where (source = 'gi' and store_id = $1 and candidate_id = $2)
          or (source = 'th' and store_id = $2 and candidate_id = $1)
       limit 1`, [giId, thId]);
    return cand ? { status: "CANDIDATE", row: cand } : null;
  }

  async storeProfile(k: StoreKey): Promise<StoreProfile | null> {
    // A simple (source, store_id) filter lets DuckDB skip the Parquet row groups that cannot hold
    // it (the files are sorted that way). Profiles are history: the latest computed_at wins.
    const [p] = await this.q<StoreProfile>(
      `select * from dim_stores where source = $1 and store_id = $2 order by computed_at desc nulls last limit 1`, [k.source, k.storeId]);
    return p ? { ...p, name_tokens: p.name_tokens ? [...p.name_tokens] : null } : null;
  }

  searchStores(text: string, source: Source | undefined, limit: number) {
    const src = source ? `and source = $3` : "";
    return this.q<{ source: Source; store_id: string; name_raw: string; city_raw: string | null; postcode_raw: string | null }>(`
      select source, store_id, name_raw, city_raw, postcode_raw from dim_stores
      where (store_id = $1 or name_raw ilike $2 escape '\\') ${src}
      qualify row_number() over (partition by source, store_id order by computed_at desc nulls last) = 1
      order by store_id = $1 desc, name_raw, source, store_id
      limit ${Math.min(Math.max(1, Math.floor(limit)), 100)}`, [text, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, ...(source ? [source] : [])]);
  }

  async hasReviewBand() {
    return this.has("diag_possible_matches");
  }

  async reviewCount(f: ReviewQuery) {
    if (!(await this.hasReviewBand())) return 0;
    const w = reviewWhere(f);
    const [c] = await this.q<{ n: number }>(`select count(*)::int as n from diag_possible_matches ${w.sql}`, w.params);
    return c?.n ?? 0;
  }

  async reviewRows(f: ReviewQuery, offset: number, limit: number) {
    if (!(await this.hasReviewBand())) return [];
    const w = reviewWhere(f);
    const cols = COMPARISONS.flatMap((c) => [`${c}_level`, `${c}_weight`]).join(", ");
    return this.q<Record<string, unknown>>(`
      select gi_id, th_id, kind, gi_name, th_name, city, match_probability, uncertainty, match_weight, prior_weight, ${cols}, failure_reason
      from diag_possible_matches ${w.sql}
      order by uncertainty, gi_id, th_id
      limit ${Math.max(0, Math.floor(limit))} offset ${Math.max(0, Math.floor(offset))}`, w.params);
  }

  async reviewCities(limit: number) {
    if (!(await this.hasReviewBand())) return [];
    return (await this.q<{ city: string }>(`select distinct city from diag_possible_matches where city is not null order by 1 limit ${Math.max(1, Math.floor(limit))}`)).map((c) => c.city);
  }

  async reviewPairs(f: ReviewQuery) {
    if (!(await this.hasReviewBand())) return [];
    const w = reviewWhere(f);
    return this.q<{ giId: string; thId: string }>(`select gi_id as "giId", th_id as "thId" from diag_possible_matches ${w.sql} order by uncertainty, gi_id, th_id`, w.params);
  }

  matchedPairs() {
    return this.q<{ giId: string; thId: string }>(`select gi_id as "giId", th_id as "thId" from fct_store_matches where status = 'MATCHED'`);
  }

  async storePotential(k: StoreKey) {
    const [r] = await this.q<{ p: number | null }>(`select max(potential_score) as p from diag_unmatched_stores where source = $1 and store_id = $2`, [k.source, k.storeId]);
    return r?.p ?? null;
  }

  async scanCandidates(minPotential: number) {
    const [c] = await this.q<{ payload: string | null; n: number }>(`
      select to_json(list([source, store_id, failure_reason, potential_score::varchar] order by potential_score desc, source, store_id))::varchar as payload,
             count(*)::integer as n
      from (select source, store_id, failure_reason, potential_score from diag_unmatched_stores
            where potential_score > $1
            qualify row_number() over (partition by source, store_id order by potential_score desc) = 1)`, [Number(minPotential)]);
    return { json: c?.payload ?? "[]", count: c?.n ?? 0 };
  }

  async storeCount() {
    const [t] = await this.q<{ n: number }>(`select count(gi_id) + count(th_id) as n from fct_store_matches`);
    return t!.n;
  }

  async writeMatchesCsv(file: string) {
    await this.q(`copy (
        select ${csvSafe("gi_id")}, ${csvSafe("th_id")}, status, score from fct_store_matches
        order by status, gi_id nulls last, th_id nulls last
      ) to ${sqlString(file)} (format csv, header true)`);
    const [r] = await this.q<{ n: number }>(`select count(*) as n from fct_store_matches`);
    return r!.n;
  }

  async qualityCounts(truthFile: string) {
    const [r] = await this.q<{ tp: number; predicted: number; truth: number }>(`
      with ${truthCte(truthFile)},
      predicted as (select gi_id, th_id from fct_store_matches where status = 'MATCHED')
      select
        (select count(*) from predicted p join truth t using (gi_id, th_id)) as tp,
        (select count(*) from predicted) as predicted,
        (select count(*) from truth) as truth`);
    return r!;
  }
}
