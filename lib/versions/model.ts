import type { Config } from "../config";
import { AppError } from "../control/errors";
import { rulesOf, type MatchRules } from "../diagnostics/rules";
import { withVersion } from "./read";
import { listVersions, resolveVersion } from "./registry";
import type { ModelParameter, ModelParameterRow } from "../warehouse/port";
import { COMPARISONS } from "./reader";

/** A version's model, and how each parameter moved from the version published before it. */
export interface ModelReport {
  version: string;
  previousVersion: string | null;
  prior: { probability: number; matchWeight: number } | null;
  em: {
    iterations: number | null; converged: boolean | null; candidatePairs: number | null; labels: number | null; labelsUsed: boolean | null;
    /** The largest change of an m in the last iteration; agreement patterns EM ran on; when the model was learned. */
    finalChange: number | null; patterns: number | null; learnedAt: string | null;
  } | null;
  levels: (ModelParameter & { emSessions: number | null; previousMatchWeight: number | null; change: number | null })[];
}


type ParamRow = ModelParameterRow;

async function paramsOf(config: Config, version: string): Promise<ParamRow[] | null> {
  return withVersion(config, version, async (r) => {
    const rows = await r.modelParameters();
    return rows.length ? rows : null;
  });
}

/** The learned parameters of a version (default: the promoted one), with the change from the previous version. */
export async function modelReport(config: Config, spec = "promoted"): Promise<ModelReport> {
  const v = await resolveVersion(config, spec);
  const params = await paramsOf(config, v.id);
  if (!params) throw new AppError("NOT_FOUND", `version ${v.id} was published before the model existed: it has no model parameters`);
  const older = (await listVersions(config)).filter((x) => x.createdAt < v.createdAt.toISOString() && !x.expired);
  let previous: ParamRow[] | null = null;
  let previousVersion: string | null = null;
  for (const o of older) {
    previous = await paramsOf(config, o.id).catch(() => null);
    if (previous) {
      previousVersion = o.id;
      break;
    }
  }
  const prior = params.find((p) => p.comparison === "_prior");
  const order = (c: string) => COMPARISONS.indexOf(c as (typeof COMPARISONS)[number]);
  const levels = params
    .filter((p) => p.comparison !== "_prior")
    .sort((a, b) => order(a.comparison) - order(b.comparison) || b.level - a.level)
    .map(({ em_sessions, em_final_change: _change, patterns: _patterns, learned_at: _at, ...p }) => {
      const before = previous?.find((x) => x.comparison === p.comparison && x.level === p.level)?.match_weight ?? null;
      return { ...p, emSessions: em_sessions, previousMatchWeight: before, change: before === null ? null : p.match_weight - before };
    });
  return {
    version: v.id,
    previousVersion,
    prior: prior ? { probability: prior.m, matchWeight: prior.match_weight } : null,
    em: prior
      ? {
        iterations: prior.em_iterations, converged: prior.em_converged, candidatePairs: prior.candidate_pairs, labels: prior.labels, labelsUsed: prior.labels_used,
        finalChange: prior.em_final_change, patterns: prior.patterns, learnedAt: prior.learned_at,
      }
      : null,
    levels,
  };
}

/** Why a pair scored what it did: the prior, each comparison at its level and weight, the probability. */
export interface PairExplanation {
  version: string;
  giId: string;
  thId: string;
  status: "MATCHED" | "CANDIDATE";
  matchWeight: number;
  matchProbability: number;
  /** The rules the version was built with (its manifest), and whether this pair reaches its threshold. */
  rules: MatchRules;
  passes: boolean;
  steps: { comparison: string; level: number | null; levelLabel: string; matchWeight: number }[];
}

/**
 * Explain a pair of a version: a matched pair (gold) or a candidate of an unmatched store
 * (diagnostics). Other pairs were never compared by the version, or not kept.
 */
export async function explainPair(config: Config, giId: string, thId: string, spec = "promoted"): Promise<PairExplanation> {
  const v = await resolveVersion(config, spec);
  return withVersion(config, v.id, async (r, manifest) => {
    const params = await r.modelParameters();
    if (!params.length) throw new AppError("NOT_FOUND", `version ${v.id} was published before the model existed: it has no explanations`);
    const found = await r.pairEvidence(giId, thId);
    if (!found) throw new AppError("NOT_FOUND", `GI ${giId} and TH ${thId} are neither matched nor a top candidate pair of an unmatched store in version ${v.id}`);
    const { status, row } = found;
    const label = (c: string, l: number) => params.find((p) => p.comparison === c && p.level === l)?.level_label ?? String(l);
    const prior = Number(row.prior_weight ?? 0);
    const steps: PairExplanation["steps"] = [{ comparison: "prior", level: null, levelLabel: "prior", matchWeight: prior }];
    for (const c of COMPARISONS) {
      const l = row[`${c}_level`];
      steps.push({ comparison: c, level: l === null ? null : Number(l), levelLabel: l === null || Number(l) < 0 ? "missing (no evidence)" : label(c, Number(l)), matchWeight: Number(row[`${c}_weight`] ?? 0) });
    }
    const w = Number(row.match_weight);
    const probability = 1 / (1 + Math.pow(2, -w));
    const rules = rulesOf(config, manifest);
    return { version: v.id, giId, thId, status, matchWeight: w, matchProbability: probability, rules, passes: probability >= rules.matchProbability, steps };
  });
}
