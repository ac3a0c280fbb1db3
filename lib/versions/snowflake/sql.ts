import { ident } from "../../warehouse/snowflake/connection";
import { cloneName } from "../../warehouse/snowflake/reader";
import { PUBLISHED_TABLES, type VersionTable } from "../tables";

/**
 * The SQL of Snowflake versions, one function per statement (tests parse the real ones with
 * sqlglot). `fake`: the tests' fakesnow, which has no Iceberg snapshots and no schema swap;
 * each place that differs says what it does instead.
 */

/** The views consumers read in MART, per published table (the names of dbt's mart/ models). */
export const MART_VIEWS: Partial<Record<VersionTable, string>> = {
  fct_store_matches: "STORE_MATCHES",
  diag_unmatched_stores: "UNMATCHED_STORES",
  diag_store_candidates: "STORE_CANDIDATES",
  diag_failure_patterns: "FAILURE_PATTERNS",
  model_parameters: "MODEL_PARAMETERS",
  diag_possible_matches: "POSSIBLE_MATCHES",
};

/** Gold is Iceberg on Snowflake (dbt's sm_gold_iceberg_config): its snapshots are what a version records. */
const isIceberg = (t: (typeof PUBLISHED_TABLES)[number]) => t.schema === "gold";

export const liveTable = (t: (typeof PUBLISHED_TABLES)[number]) => `${ident(t.schema)}.${ident(t.name)}`;

/**
 * The current Iceberg snapshot id of a gold table (GET_TABLE_VERSIONS: one row per snapshot,
 * VERSION_ID the snapshot id), as text: 64-bit ids lose digits as JavaScript numbers.
 * null for a table that is not Iceberg (diagnostics, model) and on fakesnow (no snapshots).
 */
export function snapshotIdSql(database: string, t: (typeof PUBLISHED_TABLES)[number], fake: boolean): string | null {
  if (fake || !isIceberg(t)) return null;
  return `select to_varchar(max_by(version_id, version_created_at)) as snapshot_id from table(get_table_versions('${ident(database)}.${liveTable(t)}'))`;
}

/** The version's pin: a zero-copy clone of the live table (on fakesnow a copy: it clones by CREATE TABLE AS). */
export function cloneSql(version: string, t: (typeof PUBLISHED_TABLES)[number], fake: boolean): string {
  const kind = isIceberg(t) && !fake ? "iceberg table" : "table";
  return `create ${kind} ${cloneName(version, t.name)} clone ${liveTable(t)}`;
}

export const dropCloneSql = (version: string, table: VersionTable) => `drop table if exists ${cloneName(version, table)}`;

/**
 * One MART view over a version's clone, built in `schema` (MART_NEXT, then swapped), with the
 * columns of dbt's mart/ model of that name (DuckDB): UNMATCHED_STORES adds each reason's summary
 * from the failure_reasons seed (descriptive text, read live: it is not part of a version).
 */
export function martViewSql(schema: string, view: string, version: string, table: VersionTable): string {
  const select = table === "diag_unmatched_stores"
    ? `select u.*, r.summary as failure_summary from ${cloneName(version, table)} u left join SEEDS.FAILURE_REASONS r on r.reason = u.failure_reason`
    : `select * from ${cloneName(version, table)}`;
  return `create or replace view ${ident(schema)}.${ident(view)} as ${select}`;
}

/**
 * MART.MART_VERSION: which version MART shows, built with the views (in MART_NEXT, then swapped), so a
 * reader of MART can check in the same statement that it reads the version it expects. The id is
 * a registry id (v12): checked plain before it goes into the SQL.
 */
export function martVersionViewSql(schema: string, version: string): string {
  ident(version);
  return `create or replace view ${ident(schema)}.MART_VERSION as select '${version}' as version_id`;
}

/** The promotion: readers see the old MART or the new one, never half of it. Real Snowflake only. */
export const SWAP_SQL = "alter schema MART_NEXT swap with MART";
