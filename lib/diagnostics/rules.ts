import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config";

export interface MatchRules {
  matchThreshold: number;
  nameThreshold: number;
  weights: Record<string, number>;
}

const cache = new Map<string, MatchRules>();

/** The decision rule's bounds and weights, read from the dbt project's vars (the one source of truth). */
export function matchRules(config: Config): MatchRules {
  const file = join(config.dbtDir, "dbt_project.yml");
  const hit = cache.get(file);
  if (hit) return hit;
  const text = readFileSync(file, "utf8");
  const num = (key: string) => {
    const m = new RegExp(`^\\s+${key}:\\s*([0-9.]+)`, "m").exec(text);
    if (!m) throw new Error(`${file}: vars.${key} is missing`);
    return Number(m[1]);
  };
  const w = /^\s+weights:\s*\{([^}]*)\}/m.exec(text);
  if (!w) throw new Error(`${file}: vars.weights is missing`);
  const weights = Object.fromEntries(w[1]!.split(",").map((kv) => kv.split(":").map((x) => x.trim())).map(([k, v]) => [k!, Number(v)]));
  const rules = { matchThreshold: num("match_threshold"), nameThreshold: num("name_threshold"), weights };
  cache.set(file, rules);
  return rules;
}
