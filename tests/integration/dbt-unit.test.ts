import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliOk, copyDbtProject, ROOT, tempDir } from "../helpers";

// The dbt unit tests (models/*/_*__unit_tests.yml: every comparison level, the term-frequency
// adjustment, the one-to-one assignment, blocking caps, the value-similarity lookup, the failure
// reasons…) check the SQL against fixtures. Runs leave them out (`--exclude-resource-type
// unit_test` in lib/runner/dbt.ts, as dbt advises for production builds): this is where they run,
// on DuckDB. dbt reads the column types of a fixture's relation from the warehouse, so they run
// against a small built workspace. (The Snowflake suite runs them on the fake target.)
describe("dbt unit tests", () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("pass on DuckDB, every one of them", () => {
    const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
    cliOk(["generate", "--stores", "300", "--seed", "3", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    const built = cliOk(["run", "--full-refresh", "--quiet"], env).stdout;
    // The run itself ran no unit test.
    expect(JSON.parse(readFileSync(join(dir, "data", "dbt", "target", "run_results.json"), "utf8")).results.filter((x: { unique_id: string }) => x.unique_id.startsWith("unit_test."))).toEqual([]);
    expect(built).toMatch(/succeeded: dbt build passed/);
    const dbtDir = copyDbtProject(dir);
    const target = join(dir, "target");
    const r = spawnSync(
      join(ROOT, ".venv", "bin", "dbt"),
      ["test", "--select", "test_type:unit", "--project-dir", dbtDir, "--profiles-dir", dbtDir, "--target-path", target, "--log-path", join(dir, "logs"), "--target", "duckdb"],
      { env: { ...process.env, DO_NOT_TRACK: "1", STOREMATCH_DATA_DIR: join(dir, "data") }, encoding: "utf8", timeout: 600_000 },
    );
    const results = (JSON.parse(readFileSync(join(target, "run_results.json"), "utf8")) as { results: { unique_id: string; status: string }[] }).results;
    const units = results.filter((x) => x.unique_id.startsWith("unit_test."));
    expect(units.filter((x) => x.status !== "pass"), r.stdout.slice(-4000)).toEqual([]);
    expect(r.status).toBe(0);
    // Each model's tests: a unit test that stopped being selected (renamed file, bad YAML) shows here.
    expect(units.map((x) => x.unique_id.split(".").slice(2).join(".")).sort()).toEqual([
      "diag_unmatched_stores.failure_reasons_come_from_the_model",
      "int_candidate_pairs_blocked.blocks_over_their_cap_are_dropped_place_keys_have_a_small_cap",
      "int_matches_assigned.forced_match_is_assigned_first",
      "int_matches_assigned.one_to_one_assignment_is_mutual_best_and_breaks_ties_by_id",
      "int_pairs_compared.comparison_levels",
      "int_pairs_scored.model_scores_pairs_with_term_frequencies_and_decisions",
      "int_store_block_keys.place_keys_ignore_the_name",
      "int_value_similarities.each_pair_of_values_is_compared_once",
      "stg_gi__stores.normalize_names_addresses_and_fields",
    ]);
  }, 600_000);
});
