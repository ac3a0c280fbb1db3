/**
 * The tables every version publishes: the one list. iceberg.py gets it from the publisher
 * (lib/versions/local/store.ts), dbt's publish macro from the runner (run setting
 * `published_tables`, STOREMATCH_DBT_PUBLISHED_TABLES); neither keeps a list of its own.
 * schema: the dbt schema the table is built in; order: the columns its exported files are
 * sorted by (the console looks rows up by them, so row-group statistics prune reads); history:
 * a targeted run exports only the rows it recomputed, appended to the previous snapshot.
 */
export const PUBLISHED_TABLES = [
  { name: "fct_store_matches", schema: "gold", order: "gi_id, th_id" },
  { name: "diag_unmatched_stores", schema: "diagnostics", order: "source, store_id" },
  { name: "diag_store_candidates", schema: "diagnostics", order: "source, store_id, candidate_rank" },
  { name: "diag_failure_patterns", schema: "diagnostics", order: "dimension, value" },
  { name: "dim_stores", schema: "gold", order: null, history: true },
  { name: "model_parameters", schema: "model", order: "comparison, level" },
  { name: "diag_possible_matches", schema: "diagnostics", order: "uncertainty, gi_id, th_id" },
] as const satisfies readonly { name: string; schema: string; order: string | null; history?: boolean }[];

export type VersionTable = (typeof PUBLISHED_TABLES)[number]["name"];
export const VERSION_TABLES: readonly VersionTable[] = PUBLISHED_TABLES.map((t) => t.name);
