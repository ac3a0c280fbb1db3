import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config";
import type { Manifest } from "../versions/manifest";

export interface MatchRules {
  /** A pair can match when its match probability reaches this (0–1). */
  matchProbability: number;
  /** Probabilities in [reviewLower, reviewUpper) are possible matches for stewards. */
  reviewLower: number;
  reviewUpper: number;
  /** manifest: the rules the version was built with; project: the dbt project's current vars (a version published before manifests carried its rules). */
  from: "manifest" | "project";
}

/**
 * The decision bounds a version was built with: written into its manifest at publish time (dbt's
 * publish macro exports the vars it ran with), so a version is explained with its own rules
 * even after the project's settings change.
 */
export function rulesOf(config: Config, manifest: Manifest): MatchRules {
  const r = manifest.rules;
  if (r) return { matchProbability: r.matchProbability, reviewLower: r.reviewLower, reviewUpper: r.reviewUpper, from: "manifest" };
  return { ...projectRules(config), from: "project" };
}

const cache = new Map<string, Omit<MatchRules, "from">>();

/** The dbt project's current vars: only for versions published before manifests carried their rules. */
function projectRules(config: Config): Omit<MatchRules, "from"> {
  const file = join(config.dbtDir, "dbt_project.yml");
  const hit = cache.get(file);
  if (hit) return hit;
  const text = readFileSync(file, "utf8");
  const num = (key: string) => {
    const m = new RegExp(`^\\s+${key}:\\s*([0-9.]+)`, "m").exec(text);
    if (!m) throw new Error(`${file}: vars.${key} is missing`);
    return Number(m[1]);
  };
  const rules = { matchProbability: num("match_probability"), reviewLower: num("review_lower"), reviewUpper: num("review_upper") };
  cache.set(file, rules);
  return rules;
}
