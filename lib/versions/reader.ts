import type { Config } from "../config";
import type { FailureDimension, ModelParameter, ModelParameterRow, SharedVersionReader, Source, UnmatchedFilter } from "../warehouse/port";
import { versionManifest } from "./registry";
import { versionStore } from "./store";

export { FAILURE_DIMENSIONS, type FailureDimension, type ModelParameter, type UnmatchedFilter } from "../warehouse/port";
export type VersionReader = SharedVersionReader;

/** The reader of a version (a version id, promoted or latest), shared across requests (the warehouse caches it). */
export async function versionReader(config: Config, spec = "promoted"): Promise<VersionReader> {
  return versionStore(config).reader(await versionManifest(config, spec));
}

/** Failure reasons by one dimension: the top values and their reasons. */
export const failurePatterns = (r: VersionReader, dimension: FailureDimension, limit = 20) => r.failurePatterns(dimension, limit);

/** One store: its gold row, its diagnosis and its top candidates. */
export const storeWithCandidates = (r: VersionReader, source: Source, storeId: string) => r.storeWithCandidates(source, storeId);

/** Unmatched stores counted by reason, under a filter (the chart above the table). */
export const reasonCounts = (r: VersionReader, f: UnmatchedFilter = {}) => r.reasonCounts(f);

/** The potential-score histogram (bins of 10 points) under a filter. */
export const potentialHistogram = (r: VersionReader, f: UnmatchedFilter = {}) => r.potentialHistogram(f);

/** A page of unmatched stores, optionally filtered, highest potential first. */
export async function unmatchedPage(r: VersionReader, opts: UnmatchedFilter & { page?: number; pageSize?: number }) {
  const size = Math.min(Math.max(opts.pageSize ?? 50, 1), 200);
  const page = Math.max(opts.page ?? 1, 1);
  const { page: _p, pageSize: _s, ...filter } = opts;
  const { total, rows } = await r.unmatchedPage(filter, (page - 1) * size, size);
  return { total, page, pageSize: size, rows };
}

/** The model a version was built with; empty for a version published before the model existed. */
export const modelParameters = (r: VersionReader): Promise<ModelParameterRow[]> => r.modelParameters();

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
