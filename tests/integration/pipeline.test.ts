import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../lib/config";
import { failureReasons } from "../../lib/diagnostics/reasons";
import { cli, cliOk, copyDbtProject, lit, query, ROOT, tempDir, versionStates, versionTable, workspaceConfig } from "../helpers";

describe("pipeline on generated data", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  let snap: (t: string) => string;

  beforeAll(async () => {
    cliOk(["generate", "--stores", "1500", "--seed", "3", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    const r = cliOk(["run"], env);
    expect(r.stdout).toMatch(/run \S+ succeeded: dbt build passed \(\d+ nodes\); published v1 \(promoted\)/);
    const tables = Object.fromEntries(await Promise.all(
      ["fct_store_matches", "diag_unmatched_stores", "diag_store_candidates", "diag_failure_patterns"].map(async (t) => [t, await versionTable(config, "promoted", t)] as const)));
    snap = (t) => tables[t]!;
  });

  it("puts every store in gold exactly once, one-to-one", async () => {
    const [gi] = await query<{ n: number; distinct_ids: number; stores: number }>(
      `select count(*) as n, count(distinct gi_id) as distinct_ids,
        (select count(*) from read_csv(${lit(join(dir, "in", "gi.csv"))}, all_varchar = true)) as stores
       from ${snap("fct_store_matches")} where gi_id is not null`,
    );
    expect(gi!.n).toBe(gi!.stores);
    expect(gi!.distinct_ids).toBe(gi!.stores);
    const [th] = await query<{ n: number; distinct_ids: number; stores: number }>(
      `select count(*) as n, count(distinct th_id) as distinct_ids,
        (select count(*) from read_csv(${lit(join(dir, "in", "th.csv"))}, all_varchar = true)) as stores
       from ${snap("fct_store_matches")} where th_id is not null`,
    );
    expect(th!.n).toBe(th!.stores);
    expect(th!.distinct_ids).toBe(th!.stores);
  });

  it("explains every unmatched store with a reason from the taxonomy and its top 5 candidates", async () => {
    // The one reason list (dbt seed), which the console reads too.
    const taxonomy = [...failureReasons(join(ROOT, "dbt")).keys()];
    expect(taxonomy).toContain("PHONE_MISMATCH");
    const rows = await query<{ failure_reason: string; n: number }>(
      `select failure_reason, count(*) as n from ${snap("diag_unmatched_stores")} group by 1`,
    );
    const [unmatched] = await query<{ n: number }>(`select count(*) as n from ${snap("fct_store_matches")} where status <> 'MATCHED'`);
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(unmatched!.n);
    for (const r of rows) expect(taxonomy).toContain(r.failure_reason);
    const [c] = await query<{ max_rank: number; bad: number }>(
      `select max(candidate_rank) as max_rank,
              count(*) filter (where total_score is null or name_score is null) as bad
       from ${snap("diag_store_candidates")}`,
    );
    expect(c!.max_rank).toBe(5);
    expect(c!.bad).toBe(0);
    // best_score is the best candidate's score; the potential score is that pair's probability
    // once its reason is fixed, which can only be higher.
    const [p] = await query<{ mismatches: number; lower: number; n: number }>(
      `select count(*) filter (where c.total_score <> u.best_score) as mismatches,
              count(*) filter (where u.potential_score < u.best_score - 0.01) as lower, count(*) as n
       from ${snap("diag_unmatched_stores")} u
       join ${snap("diag_store_candidates")} c using (source, store_id)
       where c.candidate_rank = 1`,
    );
    expect(p!.n).toBeGreaterThan(50);
    expect(p!.mismatches).toBe(0);
    expect(p!.lower).toBe(0);
    const dims = await query<{ dimension: string }>(`select distinct dimension from ${snap("diag_failure_patterns")} order by 1`);
    expect(dims.map((d) => d.dimension)).toEqual(["brand", "city", "country", "name_token", "source"]);
  });

  it("exports one CSV row per pair or singleton", async () => {
    const out = join(dir, "matches.csv");
    cliOk(["export", "matches", "--out", out], env);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("gi_id,th_id,status,score");
    const [gold] = await query<{ n: number }>(`select count(*) as n from ${snap("fct_store_matches")}`);
    expect(lines.length - 1).toBe(gold!.n);
    expect(lines.find((l) => l.endsWith(",GI_ONLY,"))).toMatch(/^GI\d+,,GI_ONLY,$/);
    expect(lines.find((l) => l.includes(",TH_ONLY,"))).toMatch(/^,TH-\d+,TH_ONLY,$/);
    expect(lines.find((l) => l.includes(",MATCHED,"))).toMatch(/^GI\d+,TH-\d+,MATCHED,\d+(\.\d+)?$/);
  });

  it("prints precision, recall and F1 against the truth file", () => {
    const r = cliOk(["quality", "--truth", join(dir, "in", "truth.csv"), "--json"], env);
    const q = JSON.parse(r.stdout) as { precision: number; recall: number; f1: number; truth: number };
    expect(q.truth).toBeGreaterThan(1000);
    expect(q.f1).toBeGreaterThan(0.95);
    const bad = cli(["quality", "--truth", join(dir, "in", "gi.csv")], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('storematch: gi.csv: line 1, column "gi_id": required column is missing from the header (expected gi_id,th_id)');
  });

  it("publishes nothing when a dbt test fails, and says which test", async () => {
    const before = await versionStates(config);
    const dbtDir = copyDbtProject(dir);
    writeFileSync(join(dbtDir, "tests", "assert_injected_failure.sql"), "-- injected by the test suite\nselect 1 as failure\n");
    const r = cli(["run", "--quiet"], { ...env, STOREMATCH_DBT_DIR: dbtDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^storematch: run \S+ failed: dbt build failed: 1 node\(s\) failed \(test assert_injected_failure\)/);
    expect(await versionStates(config)).toEqual(before); // no new version, v1 still promoted
    expect(existsSync(paths(config).snapshotsDir) ? readdirSync(paths(config).snapshotsDir) : []).toEqual([]); // its export was removed
  });
});
