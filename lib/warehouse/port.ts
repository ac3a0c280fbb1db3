import type { ParsedFile } from "../ingest/validate";
import type { Manifest } from "../versions/manifest";

/**
 * The Warehouse port: everything that reads published results or writes a run's inputs.
 * Callers hold domain logic only and call these typed methods; each backend (duckdb/ locally,
 * snowflake/ in production) builds its own SQL. No backend type or SQL crosses this file.
 */

export type Source = "gi" | "th";
export type StoreKey = { source: Source; storeId: string };

export const FAILURE_DIMENSIONS = ["source", "country", "city", "brand", "name_token"] as const;
export type FailureDimension = (typeof FAILURE_DIMENSIONS)[number];

/** A filter on a version's unmatched stores (the failures page). */
export interface UnmatchedFilter {
  reason?: string;
  source?: Source;
  dimension?: FailureDimension;
  value?: string;
}

/** A filter on a version's review band (diag_possible_matches); probabilities in percent, inclusive. */
export interface ReviewQuery {
  kind?: "MATCHED" | "CANDIDATE";
  city?: string;
  minProbability?: number;
  maxProbability?: number;
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
export type ModelParameterRow = ModelParameter & { em_sessions: number | null; em_final_change: number | null; patterns: number | null; learned_at: string | null };

/** A store's raw and normalized values, as published with a version (dbt model dim_stores). */
export interface StoreProfile {
  source: Source;
  store_id: string;
  name_raw: string | null;
  address_raw: string | null;
  postcode_raw: string | null;
  city_raw: string | null;
  country_raw: string | null;
  phone_raw: string | null;
  lat: number | null;
  lon: number | null;
  name_tokens: string[] | null;
  name_norm: string | null;
  address_norm: string | null;
  postcode_norm: string | null;
  city_norm: string | null;
  country_code: string | null;
  phone_norm: string | null;
  brand: string | null;
}

/** A pair row's evidence: prior_weight, match_weight and <comparison>_level / _weight. */
export type PairEvidence = Record<string, number | null>;

export interface ReasonCount {
  reason: string;
  stores: number;
  avgPotential: number | null;
}

export interface PairChange {
  gi_id: string;
  th_id: string;
  score: number | null;
}

export interface PartnerChange {
  side: Source;
  store_id: string;
  partner_a: string;
  partner_b: string;
}

/** What changed from version A to version B (see lib/versions/diff.ts). */
export interface DiffRows {
  newlyMatched: PairChange[];
  lost: PairChange[];
  partnerChanged: PartnerChange[];
  counts: { newlyMatched: number; lost: number; partnerChanged: number };
  statusDeltas: Record<string, { a: number; b: number; delta: number }>;
  reasonDeltas: Record<string, { a: number; b: number; delta: number }>;
}

/** One store in one version: matched to whom, or why not. */
export interface StoreInVersion {
  matchStatus: string | null;
  partner: string | null;
  score: number | null;
  failureReason: string | null;
  potentialScore: number | null;
}

export interface CompletenessCounts {
  truthPairs: number;
  truthPairsBlocked: number;
  candidatePairs: number;
  giStores: number;
  thStores: number;
}

/** The typed reads of one published version. */
export interface VersionReader {
  readonly version: string;
  /** Gold rows by status. */
  statusCounts(): Promise<{ matched: number; giOnly: number; thOnly: number }>;
  /** Unmatched stores by failure reason, most first. */
  reasonSummary(): Promise<ReasonCount[]>;
  /** Failure reasons by one dimension: its top `limit` values and their reasons. */
  failurePatterns(dimension: FailureDimension, limit: number): Promise<{ value: string; failure_reason: string; stores: number; avg_potential_score: number | null }[]>;
  /** A store's gold row, its diagnosis and its top candidates (rows as published). */
  storeWithCandidates(source: Source, storeId: string): Promise<{ gold: Record<string, unknown> | null; diagnosis: Record<string, unknown> | null; candidates: Record<string, unknown>[] }>;
  reasonCounts(f: UnmatchedFilter): Promise<{ reason: string; stores: number }[]>;
  /** Potential scores in bins of 10 points. */
  potentialHistogram(f: UnmatchedFilter): Promise<{ bin: number; stores: number }[]>;
  /** A page of unmatched stores, highest potential first. */
  unmatchedPage(f: UnmatchedFilter, offset: number, limit: number): Promise<{ total: number; rows: Record<string, unknown>[] }>;
  /** The model's parameters, prior first; empty for a version published before the model existed. */
  modelParameters(): Promise<ModelParameterRow[]>;
  /** A pair's evidence: as a matched pair (gold), else as a top candidate of an unmatched store; null when neither. */
  pairEvidence(giId: string, thId: string): Promise<{ status: "MATCHED" | "CANDIDATE"; row: PairEvidence } | null>;
  /** A store's latest profile in the version. */
  storeProfile(key: StoreKey): Promise<StoreProfile | null>;
  /** Stores whose id is the text, or whose raw name contains it (case-insensitive), best first. */
  searchStores(text: string, source: Source | undefined, limit: number): Promise<{ source: Source; store_id: string; name_raw: string; city_raw: string | null; postcode_raw: string | null }[]>;
  /** Whether the version has a review band (versions published before the model have none). */
  hasReviewBand(): Promise<boolean>;
  reviewCount(f: ReviewQuery): Promise<number>;
  /** A page of the review band, most uncertain first. */
  reviewRows(f: ReviewQuery, offset: number, limit: number): Promise<Record<string, unknown>[]>;
  reviewCities(limit: number): Promise<string[]>;
  /** Every pair of the band that fits the filter, most uncertain first. */
  reviewPairs(f: ReviewQuery): Promise<{ giId: string; thId: string }[]>;
  matchedPairs(): Promise<{ giId: string; thId: string }[]>;
  /** The best potential score of an unmatched store, null when it has none. */
  storePotential(key: StoreKey): Promise<number | null>;
  /**
   * The unmatched stores whose potential is above `minPotential`, one per store, as one JSON
   * array of [source, store_id, failure_reason, potential_score as text], highest first
   * (JSON, not objects: the scan hands it to the control plane as one value, at 1M stores).
   */
  scanCandidates(minPotential: number): Promise<{ count: number; json: string }>;
  /** GI ids plus TH ids in gold (every store once). */
  storeCount(): Promise<number>;
  /** Write gold as CSV (gi_id,th_id,status,score; formula-like cells quoted) to `file`; returns the rows. */
  writeMatchesCsv(file: string): Promise<number>;
  /** Matched pairs against a truth CSV (gi_id,th_id): true positives, predicted, truth pairs. */
  qualityCounts(truthFile: string): Promise<{ tp: number; predicted: number; truth: number }>;
}

/** A reader shared by concurrent requests (the console's cache). */
export interface SharedVersionReader extends VersionReader {
  /** Evicted from a cache: free its resources once idle (never under a running query). */
  retire(): void;
}

/** What a run reads besides the raw data: its scope (a targeted run's approved triggers) and every pair decision. */
export interface RunInputs {
  runId: string;
  triggers: { id: number; source: string; storeId: string; reason: string; priority: number }[];
  decisions: { giId: string; thId: string; decision: string }[];
}

export interface Warehouse {
  readonly kind: string;
  /** A long-lived reader of a version, shared across requests (cached per version). */
  reader(manifest: Manifest): Promise<SharedVersionReader>;
  /** A short-lived reader for one command (no caching, nothing loaded up front). */
  withVersion<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T>;
  /** Differences from version A to version B; lists capped at `limit` rows each. */
  diff(a: Manifest, b: Manifest, limit?: number): Promise<DiffRows>;
  /** One store in each of several versions (in the given order). */
  storeHistory(versions: Manifest[], key: StoreKey): Promise<StoreInVersion[]>;
  /**
   * Write a run's inputs where dbt reads them (control.reprocess_triggers, control.pair_decisions),
   * atomically, before dbt starts. Only while holding the warehouse lease.
   */
  writeRunInputs(input: RunInputs): Promise<void>;
  /**
   * Make a validated raw batch the raw sources dbt reads, atomically (the previous batch stays
   * if it fails). Locally a no-op: dbt reads the batch's Parquet files, which ingest writes.
   */
  loadRaw(batch: { gi: ParsedFile; th: ParsedFile; ingestedAt: string }): Promise<void>;
  /** Pairs completeness of blocking against a truth CSV, from the live warehouse of the last run. */
  pairsCompleteness(truthFile: string): Promise<CompletenessCounts>;
}
