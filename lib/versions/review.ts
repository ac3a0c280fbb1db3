import { z } from "zod";
import type { Config } from "../config";
import type { Db } from "../control/db";
import { decisionsForPairs, setDecisions, type PairDecisionDto } from "../control/decisions";
import { AppError } from "../control/errors";
import { modelParameters, versionReader, waterfallSteps, type VersionReader } from "./reader";

/** The review page's filters (also the input of the bulk decision: the set it confirmed). */
export const ReviewFilter = z.object({
  kind: z.enum(["MATCHED", "CANDIDATE"], { message: "must be MATCHED or CANDIDATE" }).optional(),
  city: z.string().trim().max(200, "is longer than 200 characters").optional(),
  /** Probability bounds in percent (0–100), both inclusive. */
  minProbability: z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100").optional(),
  maxProbability: z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100").optional(),
}).strict();
export type ReviewFilter = z.infer<typeof ReviewFilter>;

/** A page's query string → a filter; values that make no sense are dropped (the page says what it shows). */
export function reviewFilterOf(sp: { kind?: string; city?: string; min?: string; max?: string }): ReviewFilter {
  const pct = (v: string | undefined) => (v !== undefined && v !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 100 ? Number(v) : undefined);
  return {
    kind: sp.kind === "MATCHED" || sp.kind === "CANDIDATE" ? sp.kind : undefined,
    city: sp.city?.trim() || undefined,
    minProbability: pct(sp.min),
    maxProbability: pct(sp.max),
  };
}

export interface ReviewPairDto {
  giId: string;
  thId: string;
  kind: "MATCHED" | "CANDIDATE";
  giName: string | null;
  thName: string | null;
  city: string | null;
  matchProbability: number;
  uncertainty: number;
  matchWeight: number;
  failureReason: string | null;
  steps: { label: string; level: string | null; weight: number }[];
  decision: PairDecisionDto | null;
}

/** One page of the review band, most uncertain first, each pair with its waterfall and its decision if any. */
export async function reviewPage(r: VersionReader, db: Db, f: ReviewFilter, page: number, pageSize: number): Promise<{ total: number; rows: ReviewPairDto[] }> {
  if (!(await r.hasReviewBand())) return { total: 0, rows: [] };
  const total = await r.reviewCount(f);
  const size = Math.max(1, Math.floor(pageSize));
  const raw = await r.reviewRows(f, (Math.max(1, Math.floor(page)) - 1) * size, size);
  const params = await modelParameters(r);
  const decisions = await decisionsForPairs(db, raw.map((x) => ({ giId: String(x.gi_id), thId: String(x.th_id) })));
  const rows = raw.map((x): ReviewPairDto => ({
    giId: String(x.gi_id),
    thId: String(x.th_id),
    kind: x.kind as ReviewPairDto["kind"],
    giName: (x.gi_name as string | null) ?? null,
    thName: (x.th_name as string | null) ?? null,
    city: (x.city as string | null) ?? null,
    matchProbability: Number(x.match_probability),
    uncertainty: Number(x.uncertainty),
    matchWeight: Number(x.match_weight),
    failureReason: (x.failure_reason as string | null) ?? null,
    steps: waterfallSteps(x, params),
    decision: decisions.get(`${x.gi_id}|${x.th_id}`) ?? null,
  }));
  return { total, rows };
}

/** The cities of the band, for the filter's suggestions. */
export async function reviewCities(r: VersionReader): Promise<string[]> {
  return r.reviewCities(500);
}

/**
 * The pairs of the band that fit a filter and carry no decision yet: what "accept / reject
 * all that fit the filters" acts on. Decided pairs are left as the steward decided them.
 */
export async function undecidedReviewPairs(r: VersionReader, db: Db, f: ReviewFilter): Promise<{ giId: string; thId: string }[]> {
  const pairs = await r.reviewPairs(f);
  const decided = await decisionsForPairs(db, pairs);
  return pairs.filter((p) => !decided.has(`${p.giId}|${p.thId}`));
}

/**
 * Accept (MATCH) or reject (NO_MATCH) every undecided pair of the promoted version's review
 * band that fits the filter, all or nothing. The person confirmed a version and a count: if
 * either changed since (a promotion, another steward's decisions), nothing is decided.
 */
export async function decideReviewPairs(
  config: Config,
  db: Db,
  input: { version: string; filter: ReviewFilter; decision: "MATCH" | "NO_MATCH"; expected: number },
  actor: string,
): Promise<{ version: string; decided: number }> {
  const r = await versionReader(config, "promoted");
  if (r.version !== input.version)
    throw new AppError("CONFLICT", `version ${r.version} is promoted now, not ${input.version}: reload the page and confirm again`);
  const pairs = await undecidedReviewPairs(r, db, input.filter);
  if (pairs.length !== input.expected)
    throw new AppError("CONFLICT", `${pairs.length} undecided pairs fit these filters now, not ${input.expected}: reload the page and confirm again`);
  if (pairs.length === 0) throw new AppError("INVALID", "no undecided pair fits these filters");
  // Undecided when listed, and still undecided inside the transaction (checked pair by pair).
  const decided = await setDecisions(db, pairs, input.decision, actor, { note: `review of ${r.version}`, onlyUndecided: true });
  return { version: r.version, decided };
}
