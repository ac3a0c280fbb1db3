import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config";
import { AppError } from "../control/errors";

export interface MatchRules {
  /** A pair can match when its match probability reaches this (0–1). */
  matchProbability: number;
  /** Probabilities in [reviewLower, reviewUpper) are possible matches for stewards. */
  reviewLower: number;
  reviewUpper: number;
}

const cache = new Map<string, MatchRules>();

/** The decision bounds, read from the dbt project's vars (the one source of truth). */
export function matchRules(config: Config): MatchRules {
  const file = join(config.dbtDir, "dbt_project.yml");
  const hit = cache.get(file);
  if (hit) return hit;
  const text = readFileSync(file, "utf8");
  const num = (key: string) => {
    const m = new RegExp(`^\\s+${key}:\\s*([0-9.]+)`, "m").exec(text);
    if (!m) throw new AppError("INTERNAL", `${file}: vars.${key} is missing`);
    return Number(m[1]);
  };
  const rules = { matchProbability: num("match_probability"), reviewLower: num("review_lower"), reviewUpper: num("review_upper") };
  cache.set(file, rules);
  return rules;
}
