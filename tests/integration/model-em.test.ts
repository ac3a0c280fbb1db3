import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../lib/warehouse/duckdb/db";
import { lit, ROOT, tempDir, warehouseQuery } from "../helpers";

// The EM of dbt/models/model/model_parameters.sql, on synthetic candidate pairs drawn from a
// known m (matches) and u (non-matches), comparison by comparison, independently: the m it
// learns comes back within 0.05 of the truth. The real dbt model runs on a warehouse that
// holds only its inputs.
const M: Record<string, number[]> = {
  name: [0.03, 0.04, 0.01, 0.07, 0.1, 0.75],
  address: [0.1, 0.05, 0.15, 0.7],
  postcode: [0.05, 0.15, 0.8],
  city: [0.08, 0.92],
  phone: [0.3, 0.7],
  distance: [0.1, 0.1, 0.15, 0.15, 0.5],
};
// Non-matches among candidate pairs: they share a block, so they agree more than random pairs.
const U_BLOCKED: Record<string, number[]> = {
  name: [0.55, 0.2, 0.03, 0.05, 0.05, 0.12],
  address: [0.85, 0.1, 0.04, 0.01],
  postcode: [0.4, 0.4, 0.2],
  city: [0.3, 0.7],
  phone: [0.98, 0.02],
  distance: [0.4, 0.4, 0.15, 0.04, 0.01],
};
// Random pairs (the u the model is given).
const U_RANDOM: Record<string, number[]> = {
  name: [0.95, 0.03, 0.001, 0.005, 0.004, 0.01],
  address: [0.99, 0.008, 0.0015, 0.0005],
  postcode: [0.9, 0.09, 0.01],
  city: [0.95, 0.05],
  phone: [0.9995, 0.0005],
  distance: [0.9, 0.08, 0.015, 0.004, 0.001],
};
const COMPARISONS = Object.keys(M);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const draw = (r: () => number, p: number[]) => {
  let x = r();
  for (let i = 0; i < p.length; i++) if ((x -= p[i]!) < 0) return i;
  return p.length - 1;
};

describe("model parameters: EM on synthetic pairs", () => {
  const dir = tempDir();
  const dataDir = join(dir, "data");
  let learned: { comparison: string; level: number; m: number }[] = [];

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    const r = rng(7);
    const rows: string[] = [`gi_id,th_id,${COMPARISONS.map((c) => `${c}_level`).join(",")}`];
    for (let i = 0; i < 40_000; i++) {
      const match = r() < 0.2;
      const levels = COMPARISONS.map((c) => draw(r, (match ? M : U_BLOCKED)[c]!));
      rows.push(`G${i},T${i},${levels.join(",")}`);
    }
    writeFileSync(join(dir, "pairs.csv"), rows.join("\n") + "\n");
    const db = await DuckDBInstance.create(join(dataDir, "warehouse.duckdb"));
    const c = await db.connect();
    const u = COMPARISONS.flatMap((cmp) => U_RANDOM[cmp]!.map((p, l) => `('${cmp}', ${l}, 'level ${l}', ${p}, 0, 0)`));
    await queryRows(c, `
      create schema staging; create schema model;
      create table staging.int_pairs_compared as select * from read_csv(${lit(join(dir, "pairs.csv"))}, header = true);
      create table model.model_u_probabilities (comparison varchar, level integer, level_label varchar, u double, random_pairs_in_level bigint, random_pairs_compared bigint);
      insert into model.model_u_probabilities values ${u.join(", ")};
      create table staging.stg_gi__stores as select 'G' || range as store_id from range(10000);
      create table staging.stg_th__stores as select 'T' || range as store_id from range(10000);
      create schema control; create table control.pair_decisions (gi_id varchar, th_id varchar, decision varchar);`);
    c.closeSync();
    db.closeSync();
    const dbt = spawnSync(join(ROOT, ".venv", "bin", "dbt"), [
      "run", "--select", "model_parameters", "--project-dir", join(ROOT, "dbt"), "--profiles-dir", join(ROOT, "dbt"),
      "--target-path", join(dir, "target"), "--log-path", join(dir, "logs"),
    ], { env: { ...process.env, STOREMATCH_DATA_DIR: dataDir, DO_NOT_TRACK: "1", DBT_PARTIAL_PARSE: "false" }, encoding: "utf8", timeout: 300_000 });
    if (dbt.status !== 0) throw new Error(`dbt run failed:\n${dbt.stdout.slice(-3000)}`);
    learned = await warehouseQuery(dataDir, "select comparison, level, m from model.model_parameters where comparison <> '_prior' order by 1, 2");
  });

  it("learns m within 0.05 of the truth for every level of every comparison", () => {
    expect(learned).toHaveLength(COMPARISONS.reduce((n, c) => n + M[c]!.length, 0));
    const off = learned
      .map((p) => ({ ...p, truth: M[p.comparison]![p.level]!, error: Math.abs(p.m - M[p.comparison]![p.level]!) }))
      .filter((p) => p.error > 0.05);
    expect(off).toEqual([]);
  });

  it("learns a weight that orders the levels as the truth does (exact above else)", async () => {
    const w = await warehouseQuery<{ comparison: string; level: number; match_weight: number }>(dataDir,
      "select comparison, level, match_weight from model.model_parameters where comparison <> '_prior'");
    for (const c of COMPARISONS) {
      const levels = w.filter((x) => x.comparison === c);
      const top = levels.find((x) => x.level === M[c]!.length - 1)!.match_weight;
      const bottom = levels.find((x) => x.level === 0)!.match_weight;
      expect(top).toBeGreaterThan(bottom);
    }
  });
});
