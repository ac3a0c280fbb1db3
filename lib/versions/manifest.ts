import type { VersionTable } from "./tables";

export { PUBLISHED_TABLES, VERSION_TABLES, type VersionTable } from "./tables";

export interface Metrics {
  byStatus: { MATCHED: number; GI_ONLY: number; TH_ONLY: number };
  matchRate: number;
  byReason: Record<string, number>;
}

/**
 * The match rules a version was built with, as dbt ran them (its vars at that run): a pair can
 * match from `matchProbability`; [reviewLower, reviewUpper) is the review band; `model` holds
 * the settings the model was learned with.
 */
export interface VersionRules {
  matchProbability: number;
  reviewLower: number;
  reviewUpper: number;
  model: Record<string, number | boolean | string>;
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
  /** Absent in versions published before the manifest carried them. */
  rules?: VersionRules;
}
