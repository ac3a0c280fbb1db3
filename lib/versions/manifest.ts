/** The tables every version publishes (gold, diagnostics, the model). */
export const VERSION_TABLES = ["fct_store_matches", "diag_unmatched_stores", "diag_store_candidates", "diag_failure_patterns", "dim_stores", "model_parameters", "diag_possible_matches"] as const;
export type VersionTable = (typeof VERSION_TABLES)[number];

export interface Metrics {
  byStatus: { MATCHED: number; GI_ONLY: number; TH_ONLY: number };
  matchRate: number;
  byReason: Record<string, number>;
}

/**
 * What a published version is made of: per table, its snapshot id and (locally) the immutable
 * data files of that snapshot. Backend-neutral: a backend that pins versions another way (a
 * clone per version) records an empty file list and its own snapshot ids.
 */
export interface Manifest {
  version: string;
  runId: string;
  invocationId: string | null;
  gitCommit: string | null;
  tables: Record<VersionTable, { snapshotId: string; files: string[]; rows: number }>;
  metrics: Metrics;
}
