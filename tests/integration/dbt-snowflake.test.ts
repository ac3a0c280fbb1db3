// Stand-in for Snowflake: fakesnow (tests/support/fakesnow.ts) runs the `fake` target; the `snowflake` target's SQL is a syntax check only (sqlglot), because fakesnow lacks time travel, CLONE … AT, schema clones and Iceberg.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliOk, copyDbtProject, ROOT, tempDir, warehouseQuery } from "../helpers";
import { fakesnowSql, JOB_TIMEOUT_MS, loadRaw, sqlglotCheck, startFakesnow, type Fakesnow } from "../support/fakesnow";

interface RunResult { unique_id: string; status: string; message: string | null }

describe("the dbt project on Snowflake (fakesnow)", () => {
  const dir = tempDir("storematch-snowdbt-");
  const dataDir = join(dir, "data");
  const env = { STOREMATCH_DATA_DIR: dataDir };
  let dbtDir: string;
  let fake: Fakesnow;

  /** Results that did not pass (the exposure is a no-op). */
  const notPassed = (results: RunResult[]) => results.filter((r) => !["success", "pass"].includes(r.status) && !r.unique_id.startsWith("exposure."));

  /** dbt from the main venv (dbt-snowflake), with a deadline: fakesnow answers unsupported SQL with HTTP 500, which the connector retries forever. */
  function dbt(args: string[], extraEnv: Record<string, string> = {}, profilesDir?: string): RunResult[] {
    const r = spawnSync(join(ROOT, ".venv", "bin", "dbt"), [...args, "--project-dir", dbtDir, "--profiles-dir", profilesDir ?? dbtDir], {
      cwd: dbtDir,
      encoding: "utf8",
      timeout: JOB_TIMEOUT_MS,
      killSignal: "SIGKILL",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env, STOREMATCH_FAKESNOW_PORT: String(fake.port), DBT_SEND_ANONYMOUS_USAGE_STATS: "false", ...extraEnv },
    });
    if (r.error) throw new Error(`dbt ${args.join(" ")}: ${r.error.message} (after ${JOB_TIMEOUT_MS / 1000} s: fakesnow may be retrying an unsupported statement)`);
    if (r.status !== 0) throw new Error(`dbt ${args.join(" ")} exited ${r.status}\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-2000)}`);
    return (JSON.parse(readFileSync(join(dbtDir, "target", "run_results.json"), "utf8")) as { results: RunResult[] }).results;
  }

  const sql = <T = Record<string, unknown>>(...statements: string[]) => fakesnowSql<T>(fake.port, ...statements);

  beforeAll(async () => {
    cliOk(["generate", "--stores", "300", "--seed", "3", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    dbtDir = copyDbtProject(dir);
    fake = await startFakesnow();
    loadRaw(fake.port, dataDir);
  }, JOB_TIMEOUT_MS);

  afterAll(() => {
    fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds the whole project with --target fake: every model and every test passes, with DuckDB's results", async () => {
    dbt(["seed", "--target", "fake"]);
    const results = dbt(["build", "--target", "fake"]);
    expect(notPassed(results)).toEqual([]);
    expect(results.filter((r) => r.unique_id.startsWith("model.")).length).toBeGreaterThanOrEqual(19);
    expect(results.filter((r) => r.unique_id.startsWith("unit_test.")).length).toBeGreaterThanOrEqual(6);
    expect(results.filter((r) => r.unique_id.startsWith("test.")).length).toBeGreaterThanOrEqual(40);
    // MART belongs to promotion on Snowflake: dbt builds no view there.
    expect(results.filter((r) => r.unique_id.startsWith("model.storematch.mart_"))).toEqual([]);
    expect(sql<{ n: number }>("select count(*) as n from information_schema.views where table_schema = 'MART'")[0]).toEqual([{ n: 0 }]);

    // The same stores through the DuckDB path (the product today): the same links and reasons.
    cliOk(["run"], env);
    {
      const duck = await warehouseQuery<{ match_key: string; status: string }>(dataDir, "select match_key, status from gold.fct_store_matches order by match_key");
      const [snow] = sql<{ match_key: string; status: string }>("select match_key, status from gold.fct_store_matches order by match_key");
      expect(snow!.length).toBe(duck.length);
      expect(snow!.filter((r) => r.status === "MATCHED").length).toBeGreaterThan(200);
      expect(snow).toEqual(duck);
      const duckReasons = await warehouseQuery<{ k: string }>(dataDir, "select source || '|' || store_id || '|' || failure_reason as k from diagnostics.diag_unmatched_stores order by k");
      const [snowReasons] = sql<{ k: string }>("select source || '|' || store_id || '|' || failure_reason as k from diagnostics.diag_unmatched_stores order by k");
      expect(snowReasons).toEqual(duckReasons);
    }
  });

  it("runs a targeted build on triggers: the forced pair is matched, every other row is untouched, the triggers are consumed", () => {
    const [gis, ths] = sql<{ id: string }>(
      "select gi_id as id from gold.fct_store_matches where status = 'GI_ONLY' order by gi_id limit 1",
      "select th_id as id from gold.fct_store_matches where status = 'TH_ONLY' order by th_id limit 1",
    );
    const gi = gis![0];
    const th = ths![0];
    const [before] = sql<{ match_key: string; status: string; score: number | null }>(
      `select match_key, status, score from gold.fct_store_matches where coalesce(gi_id, '') <> '${gi!.id}' and coalesce(th_id, '') <> '${th!.id}' order by match_key`);
    // What the runner does on Snowflake: the stewards' decision and the approved triggers land in CONTROL.
    sql(
      `insert into control.pair_decisions values ('${gi!.id}', '${th!.id}', 'MATCH')`,
      `insert into control.reprocess_triggers (trigger_id, run_id, source, store_id, reason, priority, status, loaded_at)
       values (1, 'run-fake-1', 'gi', '${gi!.id}', 'NO_CANDIDATE', 90, 'APPROVED', current_timestamp()),
              (2, 'run-fake-1', 'th', '${th!.id}', 'NO_CANDIDATE', 90, 'APPROVED', current_timestamp())`,
    );
    const results = dbt(
      ["build", "--target", "fake", "--exclude", "test_type:data,tag:staging", "test_type:data,tag:profiles", "source:*"],
      { STOREMATCH_DBT_RUN_MODE: "targeted", STOREMATCH_DBT_RUN_ID: "run-fake-1" },
    );
    expect(notPassed(results)).toEqual([]);
    expect(results.filter((r) => r.unique_id.startsWith("test.") && r.unique_id.includes("fct_store_matches")).length).toBeGreaterThan(0);

    const [pair, after, triggers, logs] = sql<Record<string, unknown>>(
      `select status from gold.fct_store_matches where gi_id = '${gi!.id}' or th_id = '${th!.id}'`,
      `select match_key, status, score from gold.fct_store_matches where coalesce(gi_id, '') <> '${gi!.id}' and coalesce(th_id, '') <> '${th!.id}' order by match_key`,
      "select status, count(*) as n from control.reprocess_triggers where run_id = 'run-fake-1' group by 1",
      "select count(*) as n from control.transformation_logs where run_id = 'run-fake-1' and run_mode = 'targeted' and status = 'success'",
    );
    expect(pair).toEqual([{ status: "MATCHED" }]);
    expect(after).toEqual(before);
    expect(triggers).toEqual([{ status: "CONSUMED", n: 2 }]);
    expect(Number(logs![0]!.n)).toBeGreaterThanOrEqual(19);
  });

  it("compiles every model for the snowflake target to SQL that parses as Snowflake SQL (full and targeted)", () => {
    // The snowflake output needs a connection to compile (incremental models look at the built
    // tables): the same output name, pointed at fakesnow, so target.name is 'snowflake' and none
    // of the fake-only workarounds are applied.
    const profilesDir = join(dir, "profiles-snowflake");
    mkdirSync(profilesDir, { recursive: true });
    writeFileSync(join(profilesDir, "profiles.yml"), `storematch:
  target: snowflake
  outputs:
    snowflake:
      type: snowflake
      account: fake
      user: fake
      password: fake
      host: 127.0.0.1
      port: ${fake.port}
      protocol: http
      database: STOREMATCH
      warehouse: fake
      schema: STOREMATCH
      threads: 1
`);
    const modelDir = join(dbtDir, "models");
    // mart/ is DuckDB only: on Snowflake MART belongs to promotion (dbt_project.yml).
    const models = readdirSync(modelDir, { recursive: true }).map(String).filter((f) => f.endsWith(".sql") && !f.startsWith("mart/"));
    expect(models.length).toBeGreaterThanOrEqual(19);
    const modes: Record<string, string>[] = [{}, { STOREMATCH_DBT_RUN_MODE: "targeted", STOREMATCH_DBT_RUN_ID: "run-fake-1" }];
    for (const mode of modes) {
      rmSync(join(dbtDir, "target", "compiled"), { recursive: true, force: true });
      dbt(["compile", "--target", "snowflake", "--select", "resource_type:model"], mode, profilesDir);
      const compiled = join(dbtDir, "target", "compiled", "storematch", "models");
      // The models' compiled SQL (data tests compile under models/<folder>/<file>.yml/).
      const all = readdirSync(compiled, { recursive: true }).map(String);
      expect(all.filter((f) => f.startsWith("mart/"))).toEqual([]);
      const files = all.filter((f) => models.includes(f)).map((f) => join(compiled, f));
      expect(files.length).toBe(models.length);
      for (const f of files) {
        // No fake-only workaround leaks into the production SQL.
        expect(readFileSync(f, "utf8"), f).not.toMatch(/json_extract_string|DBT_INTERNAL_SOURCE/);
      }
      const check = sqlglotCheck(files);
      expect(check.errors).toEqual([]);
      expect(check.checked).toBe(models.length);
    }
  });
});
